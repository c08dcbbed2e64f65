using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Audit;

public record AuditEntryDto(long Id, DateTime At, string ActorType, string ActorId, string Actor, string Kind, string Action,
    string? EntityId, string Summary, string? ClientAddress);
public record AuditPage(IReadOnlyList<AuditEntryDto> Items, string? NextCursor);

/// <summary>The audit log's filters: who (part of the email or key name, or the exact id), what kind, between which times.</summary>
public sealed class AuditFilter
{
    [FromQuery(Name = "actor")] public string? Actor { get; init; }
    [FromQuery(Name = "kind")] public string? Kind { get; init; }
    /// <summary>From this time on (inclusive).</summary>
    [FromQuery(Name = "from")] public DateTime? From { get; init; }
    /// <summary>Before this time (exclusive).</summary>
    [FromQuery(Name = "to")] public DateTime? To { get; init; }

    public IQueryable<AuditEntry> Apply(AppDbContext db)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (Actor?.Trim() is { Length: > 0 } actor)
        {
            var lower = actor.ToLowerInvariant();
            query = query.Where(a => a.ActorId == actor || a.Actor.ToLower().Contains(lower));
        }
        if (Kind?.Trim() is { Length: > 0 } kind) query = query.Where(a => a.Kind == kind);
        if (From is { } from) { var f = from.ToUniversalTime(); query = query.Where(a => a.At >= f); }
        if (To is { } to) { var t = to.ToUniversalTime(); query = query.Where(a => a.At < t); }
        return query;
    }
}

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settings/audit-log").WithTags("Audit").RequireAuthorization(Policies.Admin);
        group.MapGet("/", List).WithName("ListAuditEntries")
            .WithSummary("Who changed what, newest first, filtered by actor, kind and time, a page at a time by cursor.");
        group.MapGet("/kinds", (() => TypedResults.Ok(AuditedEndpoints.Kinds))).WithName("ListAuditKinds").WithSummary("The kinds of change the log records.");
        group.MapGet("/export", Export).WithName("ExportAuditEntries").WithSummary("The filtered audit log as CSV.");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> List(AppDbContext db, CancellationToken ct,
        [AsParameters] AuditFilter filter, string? cursor = null, int limit = 50)
    {
        if (limit is < 1 or > 500) return Problems.Field("limit", "The limit must be between 1 and 500.");
        var query = filter.Apply(db);
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
                return Problems.Field("cursor", "The cursor is not valid.");
            query = query.Where(a => a.Id < before);
        }
        var rows = await query.OrderByDescending(a => a.Id).Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).Select(ToDto).ToList();
        return TypedResults.Ok(new AuditPage(page, rows.Count > limit ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static PushStreamHttpResult Export(AppDbContext db, TimeProvider clock, [AsParameters] AuditFilter filter) =>
        TypedResults.Stream(stream => WriteCsvAsync(filter.Apply(db), stream), "text/csv; charset=utf-8",
            $"audit-log-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv");

    private static readonly string[] CsvHeader = ["id", "at", "actor_type", "actor_id", "actor", "kind", "action", "entity_id", "summary", "client_address"];

    private static async Task WriteCsvAsync(IQueryable<AuditEntry> query, Stream body)
    {
        // Actors' names come from people: a cell starting with =, +, - or @ must not become a spreadsheet formula.
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);
        foreach (var name in CsvHeader) csv.WriteField(name);
        await csv.EndRecordAsync();
        await foreach (var a in query.OrderByDescending(a => a.Id).AsAsyncEnumerable())
        {
            foreach (var field in new[] { a.Id.ToString(CultureInfo.InvariantCulture), a.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                         a.ActorType, a.ActorId, a.Actor, a.Kind, a.Action, a.EntityId, a.Summary, a.ClientAddress })
                csv.WriteField(field);
            await csv.EndRecordAsync();
        }
        await csv.FlushAsync();
    }

    private static AuditEntryDto ToDto(AuditEntry a) =>
        new(a.Id, a.At, a.ActorType, a.ActorId, a.Actor, a.Kind, a.Action, a.EntityId, a.Summary, a.ClientAddress);
}
