using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>Status only moves forward: queued &lt; accepted &lt; sent &lt; delivered &lt; read; failed and undelivered are terminal.</summary>
public static class StatusRules
{
    public static bool IsTerminal(MessageStatus s) => s >= MessageStatus.Failed;

    public static bool IsFailure(MessageStatus s) => s is MessageStatus.Failed or MessageStatus.Undelivered;

    /// <summary>The highest status from which a move to <paramref name="next"/> is still allowed (exclusive bound).</summary>
    public static MessageStatus UpperBoundFor(MessageStatus next) =>
        // A failure report can only overtake a message the recipient has not received yet.
        IsFailure(next) ? MessageStatus.Delivered : next;

    public static bool CanMove(MessageStatus current, MessageStatus next) => !IsTerminal(current) && current < UpperBoundFor(next);
}
