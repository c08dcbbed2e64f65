using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// Files each inbound message into its sender's thread, once. Duplicates are caught twice: by a look-up (the common
/// case, cheap) and by the unique index on the provider's message id (two deliveries of one webhook at the same moment).
/// </summary>
public sealed class ConversationInbox(AppDbContext db, SqliteWriteGate gate, TimeProvider clock, InboundMediaDownloads media, ILiveEvents live, ILogger<ConversationInbox> logger) : IInboundStore
{
    /// <summary>A provider's clock ahead of ours by more than this is not believed (it would hold the window open).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<bool> StoreAsync(int providerId, string providerType, InboundMessage message, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryStoreAsync(providerId, providerType, message, ct);
            }
            catch (DbUpdateException ex) when (attempt == 0)
            {
                // Lost a race: the same message (duplicate) or the same new sender's thread (then the retry finds it).
                logger.LogDebug(ex, "Storing an inbound message raced another delivery; retrying once.");
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<bool> TryStoreAsync(int providerId, string providerType, InboundMessage message, CancellationToken ct)
    {
        var id = message.ProviderMessageId;
        if (id is not null && await db.Set<ReceivedMessage>().AnyAsync(m => m.ProviderType == providerType && m.ProviderMessageId == id, ct))
            return false;

        var now = clock.GetUtcNow().UtcDateTime;
        var phone = message.From;
        using var writing = await gate.EnterAsync(db, ct);
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Phone == phone, ct);
        if (conversation is null)
        {
            var customerId = await db.Set<Customer>().Where(c => c.Phone == phone).OrderByDescending(c => c.WhatsAppOptIn).ThenBy(c => c.Id)
                .Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
            conversation = new Conversation { Phone = phone, CustomerId = customerId, Status = ConversationStatus.Open, CreatedAt = now, LastActivityAt = now };
            db.Add(conversation);
        }

        var replyTo = message.ContextMessageId is { } context
            ? await db.Set<WhatsAppMessage>().Where(m => m.ProviderId == providerId && m.ProviderMessageId == context).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct)
            : null;
        var received = new ReceivedMessage
        {
            Conversation = conversation,
            ProviderId = providerId,
            ProviderType = providerType,
            ProviderMessageId = id,
            FromPhone = phone,
            ProfileName = message.ProfileName.Truncate(200),
            Kind = message.Kind,
            Text = message.Text.Truncate(8000) ?? "",
            MetadataJson = JsonSerializer.Serialize(message.Metadata),
            ContextMessageId = message.ContextMessageId.Truncate(128),
            ReplyToMessageId = replyTo,
            SentAt = message.SentAt is { } sent && sent <= now + ClockSkew ? sent : now,
            ReceivedAt = now,
        };
        db.Add(received);
        // The file is fetched after the commit, by a job: the webhook answers without waiting for it.
        var file = InboundMediaFile.For(received, message.Metadata, now);
        if (file is not null) db.Add(file);
        conversation.Received(received);
        await db.SaveChangesAsync(ct);
        if (file is not null) media.Enqueue(file.Id);
        live.Publish(LiveEvent.InboundMessage(conversation.Id));
        return true;
    }
}
