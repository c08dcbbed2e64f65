using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Customers;

namespace WhatsApp.Api.Features.Billing;

public enum BillStatus { Unpaid, Paid }

/// <summary>A bill of the billing application, as much of it as notifications need.</summary>
public class Bill
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public required string Number { get; set; }
    public decimal Amount { get; set; }
    /// <summary>ISO 4217, e.g. USD.</summary>
    public required string Currency { get; set; }
    public DateOnly DueDate { get; set; }
    public BillStatus Status { get; set; }
    public DateTime? PaidAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<Payment> Payments { get; set; } = [];

    /// <summary>The bill's fields as its events carry them: unformatted, so each message formats them for its reader.</summary>
    public Dictionary<string, string> EventData() => new()
    {
        ["bill.number"] = Number,
        ["bill.amount"] = Amount.ToString(CultureInfo.InvariantCulture),
        ["bill.currency"] = Currency,
        ["bill.dueDate"] = DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}

/// <summary>Money received against a bill; the bill is paid once its payments cover the amount.</summary>
public class Payment
{
    public int Id { get; set; }
    public int BillId { get; set; }
    public decimal Amount { get; set; }
    public DateTime PaidAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>A customer's plan and until when it runs; expiry alerts count down to <c>ExpiresAt</c>.</summary>
public class Subscription
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public required string Plan { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class BillingConfiguration : IEntityTypeConfiguration<Bill>, IEntityTypeConfiguration<Payment>, IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Bill> e)
    {
        e.Property(b => b.Number).HasMaxLength(50);
        e.Property(b => b.Amount).HasPrecision(19, 4);
        e.Property(b => b.Currency).HasMaxLength(3);
        e.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        // Payments recompute what is paid from the ones they read: two at once must not both decide on stale totals.
        e.Property(b => b.UpdatedAt).IsConcurrencyToken();
        e.HasIndex(b => b.Number).IsUnique();
        e.HasIndex(b => new { b.CustomerId, b.Id });
        // The reminder scan: unpaid bills due on given days.
        e.HasIndex(b => new { b.Status, b.DueDate });
        e.HasOne<Customer>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(b => b.Payments).WithOne().HasForeignKey(p => p.BillId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Payment> e)
    {
        e.Property(p => p.Amount).HasPrecision(19, 4);
        e.Property(p => p.CreatedBy).HasMaxLength(254);
    }

    public void Configure(EntityTypeBuilder<Subscription> e)
    {
        e.Property(s => s.Plan).HasMaxLength(100);
        e.HasIndex(s => new { s.CustomerId, s.Id });
        e.HasIndex(s => s.ExpiresAt);
        e.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
