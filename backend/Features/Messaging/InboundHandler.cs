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
    /// <summary>What a keyword (or a quick-reply button's payload) does to which consents.</summary>
    private sealed record ConsentKeyword(bool OptIn, IReadOnlyList<ConsentPurpose> Purposes, ConsentSource Source);

    private static readonly ConsentKeyword StopAll = new(false, ConsentService.AllPurposes, ConsentSource.StopReply);
    private static readonly ConsentKeyword StopOffers = new(false, [ConsentPurpose.Marketing], ConsentSource.StopReply);
    // START restores the service messages someone stopped; offers need their own, explicit yes.
    private static readonly ConsentKeyword Start = new(true, [ConsentPurpose.Service], ConsentSource.StartReply);

    /// <summary>Keywords and button payloads, compared case-insensitively after trimming and dropping a final "." or "!".</summary>
    private static readonly Dictionary<string, ConsentKeyword> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["STOP"] = StopAll, ["UNSUBSCRIBE"] = StopAll, ["CANCEL"] = StopAll, ["END"] = StopAll, ["QUIT"] = StopAll,
        ["STOPALL"] = StopAll, ["OPTOUT"] = StopAll,
        ["STOP PROMOTIONS"] = StopOffers, ["STOP PROMOTION"] = StopOffers, ["STOP OFFERS"] = StopOffers, ["STOP MARKETING"] = StopOffers,
        // A marketing template's "Stop promotions" quick-reply button: its payload, or its visible text (covered above).
        ["STOP_PROMOTIONS"] = StopOffers,
        ["START"] = Start,
    };

    public async Task HandleAsync(InboundMessage message, int providerId, string providerType, CancellationToken ct)
    {
        if (!await store.StoreAsync(providerId, providerType, message, ct)) return;
        await quickReplies.HandleAsync(message, providerId, providerType, ct);
        var said = message.Metadata.GetValueOrDefault(InboundKeys.Payload) is { Length: > 0 } payload && Find(payload) is not null ? payload : message.Text;
        if (Find(said) is not { } keyword) return;
        var phone = phones.ToE164(message.From);
        if (phone is null) return;

        var changed = await consent.RecordByPhoneAsync(phone, keyword.Purposes, keyword.OptIn, keyword.Source,
            actor: "customer", text: $"{providerType} reply: {said}", ct);
        logger.LogInformation("Inbound consent keyword ({Decision} {Purposes}) changed consent of {Count} customer(s).",
            keyword.OptIn ? "in" : "out", string.Join("+", keyword.Purposes), changed);
    }

    private static ConsentKeyword? Find(string? text) =>
        text is null ? null : Keywords.GetValueOrDefault(string.Join(' ', text.Trim().TrimEnd('.', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}
