using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Groups;

/// <summary>Membership changes shared by the group endpoints, the customer profile and the CSV import. Callers save.</summary>
internal static class GroupMembership
{
    /// <summary>Upper-cased trimmed name, the form the unique index compares.</summary>
    public static string NormalizeName(string name) => name.Trim().ToUpperInvariant();

    /// <summary>Tracks a membership row for every pair not already stored, and returns those rows.</summary>
    public static async Task<List<GroupMember>> AddMissingAsync(AppDbContext db, IReadOnlyCollection<(int GroupId, int CustomerId)> pairs, DateTime now, CancellationToken ct = default)
    {
        if (pairs.Count == 0) return [];
        var groupIds = pairs.Select(p => p.GroupId).Distinct().ToList();
        var customerIds = pairs.Select(p => p.CustomerId).Distinct().ToList();
        var stored = (await db.Set<GroupMember>()
                .Where(m => groupIds.Contains(m.GroupId) && customerIds.Contains(m.CustomerId))
                .Select(m => new { m.GroupId, m.CustomerId })
                .ToListAsync(ct))
            .Select(m => (m.GroupId, m.CustomerId))
            .ToHashSet();
        var added = pairs.Distinct().Where(p => !stored.Contains(p))
            .Select(p => new GroupMember { GroupId = p.GroupId, CustomerId = p.CustomerId, AddedAt = now })
            .ToList();
        db.AddRange(added);
        return added;
    }

    /// <summary>Makes the customer a member of exactly these groups.</summary>
    public static async Task SetForCustomerAsync(AppDbContext db, int customerId, IReadOnlyCollection<int> groupIds, DateTime now, CancellationToken ct = default)
    {
        var current = await db.Set<GroupMember>().Where(m => m.CustomerId == customerId).ToListAsync(ct);
        db.RemoveRange(current.Where(m => !groupIds.Contains(m.GroupId)));
        db.AddRange(groupIds.Distinct().Except(current.Select(m => m.GroupId))
            .Select(g => new GroupMember { GroupId = g, CustomerId = customerId, AddedAt = now }));
    }

    /// <summary>The ids among these that name no group.</summary>
    public static async Task<List<int>> UnknownGroupIdsAsync(AppDbContext db, IReadOnlyCollection<int> groupIds, CancellationToken ct = default)
    {
        var distinct = groupIds.Distinct().ToList();
        var known = await db.Set<CustomerGroup>().Where(g => distinct.Contains(g.Id)).Select(g => g.Id).ToListAsync(ct);
        return distinct.Except(known).Order().ToList();
    }

    /// <summary>The groups the customer is in, by name.</summary>
    public static Task<List<GroupRefDto>> OfCustomerAsync(AppDbContext db, int customerId, CancellationToken ct = default) =>
        db.Set<GroupMember>().AsNoTracking().Where(m => m.CustomerId == customerId)
            .Join(db.Set<CustomerGroup>(), m => m.GroupId, g => g.Id, (_, g) => g)
            .OrderBy(g => g.NormalizedName).ThenBy(g => g.Id)
            .Select(g => new GroupRefDto(g.Id, g.Name))
            .ToListAsync(ct);

    /// <summary>"1, 2, 3 and 40 more": names offending ids without an unbounded message.</summary>
    public static string ListIds(IReadOnlyList<int> ids, int shown = 50) =>
        ids.Count <= shown ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(shown))} and {ids.Count - shown} more";
}
