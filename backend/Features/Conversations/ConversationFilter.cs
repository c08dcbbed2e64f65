using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

public enum AssigneeFilter { Me, None }

/// <summary>The inbox list's filters, bound from the query string.</summary>
public sealed record ConversationFilter
{
    [FromQuery(Name = "status")] public ConversationStatus? Status { get; init; }
    /// <summary>Me: assigned to the signed-in user; None: unassigned.</summary>
    [FromQuery(Name = "assignee")] public AssigneeFilter? Assignee { get; init; }
    /// <summary>Only conversations with unread messages.</summary>
    [FromQuery(Name = "unread")] public bool? Unread { get; init; }
    /// <summary>Part of the phone number, the customer's name or the WhatsApp profile name.</summary>
    [FromQuery(Name = "q")] public string? Q { get; init; }

    public IQueryable<Conversation> Apply(AppDbContext db, string? userId)
    {
        var query = db.Set<Conversation>().AsNoTracking();
        if (Status is { } status) query = query.Where(c => c.Status == status);
        if (Assignee == AssigneeFilter.Me) query = query.Where(c => c.AssigneeId == userId);
        if (Assignee == AssigneeFilter.None) query = query.Where(c => c.AssigneeId == null);
        if (Unread == true) query = query.Where(c => c.UnreadCount > 0);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            var pattern = LikePattern.Containing(term.ToLowerInvariant());
            query = query.Where(c => c.Phone.Contains(term)
                || (c.ProfileName != null && EF.Functions.Like(c.ProfileName.ToLower(), pattern, LikePattern.Escape))
                || db.Set<Customer>().Any(x => x.Id == c.CustomerId && EF.Functions.Like(x.Name.ToLower(), pattern, LikePattern.Escape)));
        }
        return query;
    }
}
