using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// Staff replies. The app decides before any provider is asked: free text only inside the 24-hour window (outside it
/// the providers accept the call and then fail the message with 63016/131047/1340, which looks "sent" to staff), and
/// nothing to someone who opted out. A reply is queued in the outbox like every other message and sent at once.
/// </summary>
public sealed class ConversationReplies(AppDbContext db, ProviderResolver providers, OutboxDispatcher dispatcher, DispatchTrigger trigger,
    ReplyAttachments attachments, TimeProvider clock, ILiveEvents live)
{
    public const int MaxLength = 4096;

    public async Task<(MessageDto? Message, SendRefusal? Refusal)> ReplyAsync(Conversation conversation, string? text, string? mediaId, string? user,
        CancellationToken ct)
    {
        ReplyAttachment? attachment = null;
        if (!string.IsNullOrWhiteSpace(mediaId))
        {
            (attachment, var invalid) = await attachments.FindAsync(mediaId, text, ct);
            if (invalid is not null) return (null, invalid);
        }
        else if (string.IsNullOrWhiteSpace(text)) return (null, SendRefusal.Invalid("text", "The reply text is required."));
        if (text?.Length > MaxLength) return (null, SendRefusal.Invalid("text", $"The reply is longer than {MaxLength} characters, WhatsApp's limit."));

        var now = clock.GetUtcNow().UtcDateTime;
        if (!conversation.IsWindowOpen(now))
            return (null, SendRefusal.Unprocessable("Service window closed",
                conversation.WindowClosesAt is { } closed
                    ? $"The 24-hour customer-service window closed at {closed:yyyy-MM-dd HH:mm} UTC, 24 hours after the customer's last message. Outside it WhatsApp delivers only approved templates: send a template instead."
                    : "The customer has not written yet, so the 24-hour customer-service window is not open. WhatsApp delivers only approved templates until they write: send a template instead.",
                "text"));
        if ((await OptOuts.PhonesAsync(db, [conversation.Phone], ct)).Count > 0)
            return (null, SendRefusal.Unprocessable("Recipient opted out",
                $"{conversation.Phone} opted out of WhatsApp messages (for example by replying STOP); nothing can be sent until they opt in again.", "text"));

        WhatsAppProvider? provider;
        try { provider = (await providers.ActiveAsync(ct))?.Row; }
        catch (CredentialsUnreadableException ex) { return (null, new SendRefusal(StatusCodes.Status409Conflict, "Provider credentials unreadable", ex.Message, null)); }
        if (provider is null)
            return (null, new SendRefusal(StatusCodes.Status409Conflict, "No active provider",
                "No WhatsApp provider is active. Add one and set it active in Settings → WhatsApp.", null));

        var message = WhatsAppMessage.FreeText(conversation.Phone, conversation.CustomerId, text?.Trim() ?? "", provider, user, now);
        (message.AttachmentId, message.AttachmentKind, message.AttachmentName) = (attachment?.Id, attachment?.Kind, attachment?.FileName);
        db.Add(message);
        db.Add(new MessageStatusEvent { Message = message, Status = Providers.Drivers.MessageStatus.Queued, At = now });
        conversation.Touch(now, message.Body is { Length: > 0 } body ? body : $"[{attachment!.Kind.ToString().ToLowerInvariant()}] {attachment.FileName}");
        await db.SaveChangesAsync(ct);
        live.Publish(LiveEvent.ConversationChanged(conversation.Id));

        await dispatcher.SendNowAsync(message.Id, CancellationToken.None);
        var sent = await MessageViews.LoadAsync(db, message.Id, ct);
        if (sent!.Status == Providers.Drivers.MessageStatus.Queued) trigger.Kick();
        return (sent, null);
    }
}
