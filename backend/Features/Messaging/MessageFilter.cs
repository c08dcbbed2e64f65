using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The Sent Log's filters, bound from the query string by the list, the count and the export alike. Names are given
/// so the API keeps its camelCase parameters (and binding errors name them so).
/// </summary>
public sealed record MessageFilter
{
    [FromQuery(Name = "status")] public MessageStatus? Status { get; init; }
    [FromQuery(Name = "broadcastId")] public int? BroadcastId { get; init; }
    [FromQuery(Name = "templateId")] public int? TemplateId { get; init; }
    [FromQuery(Name = "providerId")] public int? ProviderId { get; init; }
    [FromQuery(Name = "customerId")] public int? CustomerId { get; init; }
    /// <summary>An automation's event type, e.g. payment.received.</summary>
    [FromQuery(Name = "eventType")] public string? EventType { get; init; }
    /// <summary>Created at or after this time.</summary>
    [FromQuery(Name = "from")] public DateTime? From { get; init; }
    /// <summary>Created before this time.</summary>
    [FromQuery(Name = "to")] public DateTime? To { get; init; }
    /// <summary>
    /// The provider's error code of failed and undelivered messages, e.g. 63003: the same messages the Overview's
    /// failures count under that reason.
    /// </summary>
    [FromQuery(Name = "errorCode")] public string? ErrorCode { get; init; }
    /// <summary>Part of the phone number or of the customer's name.</summary>
    [FromQuery(Name = "q")] public string? Q { get; init; }

    public IQueryable<WhatsAppMessage> Apply(AppDbContext db)
    {
        var query = db.Set<WhatsAppMessage>().AsNoTracking();
        if (Status is { } status) query = query.Where(m => m.Status == status);
        if (BroadcastId is { } broadcastId) query = query.Where(m => m.BroadcastId == broadcastId);
        if (TemplateId is { } templateId) query = query.Where(m => m.TemplateId == templateId);
        if (ProviderId is { } providerId) query = query.Where(m => m.ProviderId == providerId);
        if (CustomerId is { } customerId) query = query.Where(m => m.CustomerId == customerId);
        if (!string.IsNullOrWhiteSpace(EventType)) query = query.Where(m => m.EventType == EventType);
        if (!string.IsNullOrWhiteSpace(ErrorCode))
        {
            var code = ErrorCode.Trim();
            query = query.Where(m => m.ErrorCode == code && (m.Status == MessageStatus.Failed || m.Status == MessageStatus.Undelivered));
        }
        if (From is { } from) { var f = from.ToUniversalTime(); query = query.Where(m => m.CreatedAt >= f); }
        if (To is { } to) { var t = to.ToUniversalTime(); query = query.Where(m => m.CreatedAt < t); }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            var pattern = LikePattern.Containing(term.ToLowerInvariant());
            query = query.Where(m => m.ToPhone.Contains(term) || db.Set<Customer>().Any(c => c.Id == m.CustomerId && EF.Functions.Like(c.Name.ToLower(), pattern, LikePattern.Escape)));
        }
        return query;
    }
}
