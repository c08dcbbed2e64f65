using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>The Sent Log as CSV, written row by row as the query streams: an export of a million rows holds one row at a time.</summary>
public static class MessageCsv
{
    private static readonly CsvWriterOptions Options = new()
    {
        // A cell starting with =, +, - or @ is a formula to a spreadsheet; customer names and provider errors are not to be trusted.
        Injection = CsvInjection.Escape,
    };

    private static readonly string[] Header =
    [
        "id", "created_at", "to", "customer_id", "customer_name", "template", "language", "status", "source", "broadcast_id",
        "event_type", "entity", "provider_type", "provider_message_id", "error_code", "error_message", "attempts",
        "sent_at", "delivered_at", "read_at", "failed_at", "parameters", "pricing_category", "billable", "cost", "cost_currency", "cost_source",
    ];

    public static async Task WriteAsync(AppDbContext db, IQueryable<WhatsAppMessage> query, Stream body)
    {
        await using var csv = CsvWriter.Create(body, Options, true);
        foreach (var name in Header) csv.WriteField(name);
        await csv.EndRecordAsync();

        var rows = query.NewestFirst()
            .GroupJoin(db.Set<Customer>(), m => m.CustomerId, c => c.Id, (m, cs) => new { m, cs })
            .SelectMany(x => x.cs.DefaultIfEmpty(), (x, c) => new { x.m, Name = c == null ? null : c.Name })
            .AsAsyncEnumerable();
        var written = 0;
        await foreach (var row in rows)
        {
            var m = row.m;
            csv.WriteField(m.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Time(m.CreatedAt));
            csv.WriteField(m.ToPhone);
            csv.WriteField(m.CustomerId?.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.Name);
            csv.WriteField(m.TemplateName);
            csv.WriteField(m.TemplateLanguage);
            csv.WriteField(m.Status.ToString());
            csv.WriteField(m.Source.ToString());
            csv.WriteField(m.BroadcastId?.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(m.EventType);
            csv.WriteField(m.EntityRef);
            csv.WriteField(m.ProviderType);
            csv.WriteField(m.ProviderMessageId);
            csv.WriteField(m.ErrorCode);
            csv.WriteField(m.ErrorMessage);
            csv.WriteField(m.Attempts.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Time(m.SentAt));
            csv.WriteField(Time(m.DeliveredAt));
            csv.WriteField(Time(m.ReadAt));
            csv.WriteField(Time(m.FailedAt));
            csv.WriteField(m.ParametersJson);
            csv.WriteField(m.PricingCategory);
            csv.WriteField(m.Billable is { } billable ? (billable ? "true" : "false") : null);
            csv.WriteField(m.Cost?.ToString("0.######", CultureInfo.InvariantCulture)); // PostgreSQL keeps numeric(18,6)'s trailing zeros
            csv.WriteField(m.CostCurrency);
            csv.WriteField(m.Cost is null ? null : m.CostSource ?? CostSources.Card);
            await csv.EndRecordAsync();
            if (++written % 1000 == 0) await csv.FlushAsync();
        }
        await csv.FlushAsync();
    }

    private static string? Time(DateTime? t) => t?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
