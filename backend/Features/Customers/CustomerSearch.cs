using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>The customer list's search and paging, shared by every list of customers (all of them, a group's members).</summary>
public static class CustomerSearch
{
    /// <summary>Customers matching <paramref name="q"/> (name, phone, email or account number), by name, one page.</summary>
    public static async Task<CustomerPage> ToPageAsync(this IQueryable<Customer> query, string? q, int page, int pageSize)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = LikePattern.Containing(q.Trim().ToLowerInvariant());
            query = query.Where(c => EF.Functions.Like(c.Name.ToLower(), pattern, LikePattern.Escape) || EF.Functions.Like(c.Phone, pattern, LikePattern.Escape)
                || (c.Email != null && EF.Functions.Like(c.Email.ToLower(), pattern, LikePattern.Escape))
                || (c.AccountNumber != null && EF.Functions.Like(c.AccountNumber.ToLower(), pattern, LikePattern.Escape)));
        }
        var total = await query.CountAsync();
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        return new CustomerPage(items.Select(CustomerDto.From).ToList(), total, page, pageSize);
    }
}
