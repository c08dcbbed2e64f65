namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The 24-hour customer-service windows (implemented by Conversations, which owns what customers send). A window is
/// open at a moment when the customer wrote in the 24 hours before it. Inside one a UTILITY template is free (Meta,
/// since July 2025) and a message does not count against the messaging limit.
/// </summary>
public interface IServiceWindows
{
    /// <summary>Those of <paramref name="messages"/> that went out (<c>AcceptedAt</c>) while their recipient's window was closed: business-initiated.</summary>
    IQueryable<WhatsAppMessage> OutsideWindow(IQueryable<WhatsAppMessage> messages);

    /// <summary>Whether <paramref name="phone"/>'s window was open at <paramref name="at"/>.</summary>
    Task<bool> WasOpenAsync(string phone, DateTime at, CancellationToken ct);

    /// <summary>Every phone (E.164) whose window is open at <paramref name="now"/>.</summary>
    Task<HashSet<string>> OpenAtAsync(DateTime now, CancellationToken ct);
}
