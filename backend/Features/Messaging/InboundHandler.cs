using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Replies from customers. WhatsApp has no automatic STOP for businesses, so we honour STOP-style keywords ourselves
/// (peers that did not kept messaging people who had said STOP). Every message is stored first; a duplicate webhook is
/// not acted on again (a STOP delivered late after a START must not opt the customer out again). Writing to us is not consent.
/// </summary>
public sealed class InboundHandler(IInboundStore store, ConsentService consent, QuickReplies quickReplies, PhoneNumberNormalizer phones, ILogger<InboundHandler> logger)
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
        { "STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "STOPALL", "OPTOUT" };
    private static readonly HashSet<string> StartWords = new(StringComparer.OrdinalIgnoreCase) { "START" };

    public async Task HandleAsync(InboundMessage message, int providerId, string providerType, CancellationToken ct)
    {
        if (!await store.StoreAsync(providerId, providerType, message, ct)) return;
        await quickReplies.HandleAsync(message, providerId, providerType, ct);
        var keyword = message.Text.Trim().TrimEnd('.', '!');
        bool? optIn = StopWords.Contains(keyword) ? false : StartWords.Contains(keyword) ? true : null;
        if (optIn is null) return;
        var phone = phones.ToE164(message.From);
        if (phone is null) return;

        var changed = await consent.RecordByPhoneAsync(phone, optIn.Value,
            optIn.Value ? ConsentSource.StartReply : ConsentSource.StopReply,
            actor: "customer", text: $"{providerType} reply: {message.Text}", ct);
        logger.LogInformation("Inbound {Keyword} from a customer changed consent of {Count} customer(s).", optIn.Value ? "START" : "STOP", changed);
    }
}
