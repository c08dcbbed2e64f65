using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>Messages as the API shows them (the Sent Log, a single send's answer, a provider test's answer).</summary>
public static class MessageViews
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<Dictionary<int, string>> CustomerNamesAsync(AppDbContext db, IEnumerable<WhatsAppMessage> rows, CancellationToken ct)
    {
        var ids = rows.Where(m => m.CustomerId != null).Select(m => m.CustomerId!.Value).Distinct().ToList();
        return await db.Set<Customer>().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    /// <summary>The messages as the Sent Log shows them, each with its customer's name.</summary>
    public static async Task<List<MessageDto>> ToDtosAsync(AppDbContext db, IReadOnlyCollection<WhatsAppMessage> rows, CancellationToken ct)
    {
        var names = await CustomerNamesAsync(db, rows, ct);
        return rows.Select(m => ToDto(m, names)).ToList();
    }

    /// <summary>One message as the Sent Log shows it, or null when there is no such message.</summary>
    public static async Task<MessageDto?> LoadAsync(AppDbContext db, long id, CancellationToken ct)
    {
        var m = await db.Set<WhatsAppMessage>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return m is null ? null : (await ToDtosAsync(db, [m], ct))[0];
    }

    private static MessageDto ToDto(WhatsAppMessage m, IReadOnlyDictionary<int, string> customerNames) => new(
        m.Id, m.ToPhone, m.CustomerId, m.CustomerId is { } cid ? customerNames.GetValueOrDefault(cid) : null,
        m.TemplateId, m.TemplateName, m.TemplateLanguage,
        JsonSerializer.Deserialize<Dictionary<string, string>>(m.ParametersJson, Json) ?? [],
        m.ProviderId, m.ProviderType, m.ProviderMessageId, m.Status,
        m.ErrorCode is null ? null : new MessageError(m.ErrorCode, m.ErrorMessage, ProviderErrors.Describe(m.ProviderType ?? "", m.ErrorCode)?.Meaning),
        m.Attempts, m.Source, m.BroadcastId, m.EventType, m.EntityRef,
        m.CreatedAt, m.AcceptedAt, m.SentAt, m.DeliveredAt, m.ReadAt, m.FailedAt, m.Status == MessageStatus.Queued ? m.NextAttemptAt : null,
        m.PricingCategory, m.Billable, m.Cost, m.CostCurrency, m.Cost is null ? null : m.CostSource ?? CostSources.Card);
}
