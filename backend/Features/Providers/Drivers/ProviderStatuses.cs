using System.Collections.Frozen;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>A status a provider reports (in a send answer or a status callback), where it sits on our scale, and what it means.</summary>
public sealed record ProviderStatusRow(string Provider, string Raw, MessageStatus Status, string Meaning);

/// <summary>
/// The one table that maps providers' message statuses to <see cref="MessageStatus"/>. A status not listed (an inbound
/// "received", Meta's "deleted" or "warning") changes nothing.
/// </summary>
public static class ProviderStatuses
{
    public static IReadOnlyList<ProviderStatusRow> Table { get; } =
    [
        // ---- Twilio (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values) ----
        new("twilio", "queued", MessageStatus.Accepted, "Twilio queued the message to send."),
        new("twilio", "accepted", MessageStatus.Accepted, "The Messaging Service accepted the message and is choosing a sender."),
        new("twilio", "scheduled", MessageStatus.Accepted, "Twilio scheduled the message for later."),
        new("twilio", "sending", MessageStatus.Sent, "Twilio is handing the message to WhatsApp."),
        new("twilio", "sent", MessageStatus.Sent, "WhatsApp took the message."),
        // Some parts arrived, not all: that is not yet "delivered", and a later "delivered" still moves it on.
        new("twilio", "partially_delivered", MessageStatus.Sent, "Only part of the message was confirmed delivered so far."),
        new("twilio", "delivered", MessageStatus.Delivered, "The message reached the recipient's phone."),
        new("twilio", "read", MessageStatus.Read, "The recipient opened the message."),
        new("twilio", "undelivered", MessageStatus.Undelivered, "WhatsApp could not deliver the message (see the error code)."),
        new("twilio", "failed", MessageStatus.Failed, "The message could not be sent (see the error code)."),
        new("twilio", "canceled", MessageStatus.Canceled, "The scheduled message was cancelled before it was sent."),

        // ---- Meta Cloud API: messages[].message_status of a send, and statuses[].status of webhooks ----
        new("meta", "accepted", MessageStatus.Accepted, "Meta accepted the message for delivery."),
        new("meta", "held_for_quality_assessment", MessageStatus.Accepted,
            "Meta is holding the message while it checks the template's quality (pacing); it is then sent or dropped."),
        new("meta", "paused", MessageStatus.Accepted,
            "Meta paused delivery of the message (template pacing); it is sent or dropped once the pause ends."),
        new("meta", "sent", MessageStatus.Sent, "WhatsApp sent the message."),
        new("meta", "delivered", MessageStatus.Delivered, "The message reached the recipient's phone."),
        new("meta", "read", MessageStatus.Read, "The recipient opened the message."),
        new("meta", "failed", MessageStatus.Failed, "The message could not be delivered (see the error code)."),

        // ---- Vonage Messages API (https://developer.vonage.com/en/messages/concepts/whatsapp/wa-status-callbacks) ----
        new("vonage", "submitted", MessageStatus.Accepted, "Vonage passed the message on to WhatsApp."),
        new("vonage", "delivered", MessageStatus.Delivered, "The message reached the recipient's phone."),
        new("vonage", "read", MessageStatus.Read, "The recipient opened the message."),
        new("vonage", "rejected", MessageStatus.Failed, "Vonage or WhatsApp rejected the message (see the error)."),
        new("vonage", "undeliverable", MessageStatus.Undelivered, "Vonage could not get the message to WhatsApp."),
    ];

    private static readonly FrozenDictionary<string, ProviderStatusRow> ByKey =
        Table.ToFrozenDictionary(r => r.Provider + "\u001f" + r.Raw, StringComparer.OrdinalIgnoreCase);

    public static ProviderStatusRow? Describe(string provider, string? raw) =>
        raw is null ? null : ByKey.GetValueOrDefault(provider + "\u001f" + raw.Trim());

    /// <summary>Our status for the provider's, or null for one that changes nothing.</summary>
    public static MessageStatus? Map(string provider, string? raw) => Describe(provider, raw)?.Status;
}
