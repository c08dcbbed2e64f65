using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The escalations a quick reply can ask for, carried out by the features that own them (implemented by Conversations,
/// which also reaches Support). Each returns a sentence for the answered message's history.
/// </summary>
public interface IQuickReplyEscalation
{
    /// <summary>Opens the sender's conversation for staff (reopening a resolved one).</summary>
    Task<string> AskForAgentAsync(string phone, string buttonText, CancellationToken ct);

    /// <summary>Opens a support ticket for the customer about the message the tap answered.</summary>
    Task<string> OpenTicketAsync(int customerId, long messageId, string buttonText, CancellationToken ct);
}

/// <summary>
/// A tap on a quick reply of one of our template messages runs that button's action, once per inbound message (the
/// caller has dropped duplicate webhooks), and the action shows in the answered message's history. The tap must come
/// from the phone the message went to: a forwarded or spoofed context never acts for someone else.
/// </summary>
public sealed class QuickReplies(AppDbContext db, SqliteWriteGate gate, ConsentService consent, IQuickReplyEscalation escalation,
    PhoneNumberNormalizer phones, TimeProvider clock, ILogger<QuickReplies> logger)
{
    public async Task HandleAsync(InboundMessage tap, int providerId, string providerType, CancellationToken ct)
    {
        if (tap.Kind is not (InboundKind.Button or InboundKind.QuickReply) || tap.ContextMessageId is not { } context) return;
        var message = await db.Set<WhatsAppMessage>().AsNoTracking()
            .Where(m => m.ProviderId == providerId && m.ProviderMessageId == context)
            .Select(m => new { m.Id, m.ToPhone, m.CustomerId, m.TemplateId, m.Status })
            .FirstOrDefaultAsync(ct);
        if (message?.TemplateId is null || phones.ToE164(tap.From) != message.ToPhone) return;
        var template = await db.Set<WhatsAppTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == message.TemplateId, ct);
        if (template?.QuickReplyFor(tap.Metadata.GetValueOrDefault(InboundKeys.Payload), tap.Text) is not { Action: { } action and not QuickReplyAction.None } button)
            return;

        var did = action switch
        {
            QuickReplyAction.StopMarketing =>
                await consent.RecordByPhoneAsync(message.ToPhone, [ConsentPurpose.Marketing], false, ConsentSource.StopReply, actor: "customer",
                    text: $"{providerType} quick reply '{button.Text}' (stop marketing)", ct) > 0
                    ? "opted out of marketing messages; service messages still go" : "was already opted out of marketing",
            QuickReplyAction.StopAll =>
                await consent.RecordByPhoneAsync(message.ToPhone, ConsentService.AllPurposes, false, ConsentSource.StopReply, actor: "customer",
                    text: $"{providerType} quick reply '{button.Text}' (stop all messages)", ct) > 0
                    ? "opted out of WhatsApp messages" : "was already opted out",
            QuickReplyAction.AskForAgent => await escalation.AskForAgentAsync(message.ToPhone, button.Text, ct),
            QuickReplyAction.OpenTicket => message.CustomerId is { } customerId
                ? await escalation.OpenTicketAsync(customerId, message.Id, button.Text, ct)
                : "no ticket: the message has no customer",
            _ => null,
        };
        if (did is null) return;
        using var writing = await gate.EnterAsync(db, ct);
        db.Add(new MessageStatusEvent
        {
            MessageId = message.Id, Status = message.Status, At = clock.GetUtcNow().UtcDateTime,
            Detail = Truncate($"Quick reply '{button.Text}': {did}.", 1000),
        });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Quick reply on message {MessageId} ran {Action}.", message.Id, action);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
