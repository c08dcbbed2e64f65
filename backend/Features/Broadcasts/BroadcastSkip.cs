using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// An audience member a broadcast did not send to, and why: written by the fan-out in the transaction that moves its
/// cursor, so each skipped customer is written once, like each message. It goes with the customer when they are deleted
/// (the broadcast's counts by reason stay).
/// </summary>
public class BroadcastSkip
{
    public long Id { get; set; }
    public int BroadcastId { get; set; }
    public int CustomerId { get; set; }
    public SkipReason Reason { get; set; }
    /// <summary>For <see cref="SkipReason.MissingValue"/>: the variables a customer field left empty, comma-separated.</summary>
    public string? Missing { get; set; }
}

internal sealed class BroadcastSkipConfiguration : IEntityTypeConfiguration<BroadcastSkip>
{
    public void Configure(EntityTypeBuilder<BroadcastSkip> e)
    {
        e.Property(s => s.Reason).HasConversion<string>().HasMaxLength(32);
        e.Property(s => s.Missing).HasMaxLength(1000);
        e.HasOne<Broadcast>().WithMany().HasForeignKey(s => s.BroadcastId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        // A page of one broadcast's skipped, all or of one reason, in the order they were written.
        e.HasIndex(s => new { s.BroadcastId, s.Id });
        e.HasIndex(s => new { s.BroadcastId, s.Reason, s.Id });
        e.HasIndex(s => s.CustomerId);
    }
}

/// <summary>A broadcast's skipped audience members, a page at a time.</summary>
public static class BroadcastSkips
{
    /// <summary>Those after <paramref name="afterId"/> (the cursor), in the order the fan-out wrote them; one more than asked tells whether a next page exists.</summary>
    public static async Task<SkippedRecipientPage> PageAsync(AppDbContext db, int broadcastId, SkipReason? reason, long afterId, int limit, CancellationToken ct)
    {
        var query = db.Set<BroadcastSkip>().AsNoTracking().Where(s => s.BroadcastId == broadcastId && s.Id > afterId);
        if (reason is { } r) query = query.Where(s => s.Reason == r);
        var rows = await query
            .Join(db.Set<Customer>(), s => s.CustomerId, c => c.Id, (s, c) => new { s.Id, s.CustomerId, c.Name, c.Phone, s.Reason, s.Missing })
            .OrderBy(s => s.Id).Take(limit + 1)
            .ToListAsync(ct);
        var page = rows.Take(limit).Select(s => new SkippedRecipientDto(s.CustomerId, s.Name, s.Phone, s.Reason,
            s.Missing is null ? [] : [.. s.Missing.Split(',')])).ToList();
        return new SkippedRecipientPage(page, rows.Count > limit ? rows[limit - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
