using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Features.Customers;

/// <summary>A customer of the ISP: the people WhatsApp messages go to.</summary>
public class Customer
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>E.164, e.g. +14155550123.</summary>
    public required string Phone { get; set; }
    public string? Email { get; set; }
    public string? AccountNumber { get; set; }
    public string? Plan { get; set; }
    /// <summary>Language for templates and formatting, e.g. en_US.</summary>
    public string? Language { get; set; }
    /// <summary>IANA time zone, e.g. America/Sao_Paulo; decides the customer's "today" and quiet hours. Null: App:TimeZone.</summary>
    public string? TimeZone { get; set; }
    /// <summary>
    /// The current consent to service messages (bills, payments, tickets: UTILITY and AUTHENTICATION templates): a copy of
    /// the latest Service consent record, kept in the same transaction, so audiences filter fast.
    /// </summary>
    public bool WhatsAppOptIn { get; set; }
    /// <summary>The current consent to marketing (offers: MARKETING templates), the latest Marketing consent record's copy.</summary>
    public bool MarketingOptIn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum ConsentSource { Profile, Admin, Import, StopReply, StartReply, UnsubscribeLink, ProviderError, Api }

/// <summary>
/// What a consent is for. A customer may accept one and refuse the other: WhatsApp's rules (and people) tell a bill from
/// an offer, and stopping offers must not stop the bills.
/// </summary>
public enum ConsentPurpose { Service, Marketing }

/// <summary>One consent decision. Appended, never edited: the history is the proof of opt-in WhatsApp policy asks for.</summary>
public class ConsentRecord
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public bool OptedIn { get; set; }
    /// <summary>Which consent this decision is about; one STOP that ends both is two records.</summary>
    public ConsentPurpose Purpose { get; set; }
    public DateTime At { get; set; }
    public ConsentSource Source { get; set; }
    /// <summary>Who: a user's email, "customer", or the provider.</summary>
    public string? Actor { get; set; }
    /// <summary>What was said or shown: the consent wording, the STOP text, the provider's error.</summary>
    public string? Text { get; set; }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>, IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<Customer> e)
    {
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.Phone).HasMaxLength(20);
        e.Property(c => c.Email).HasMaxLength(254);
        e.Property(c => c.AccountNumber).HasMaxLength(50);
        e.Property(c => c.Plan).HasMaxLength(100);
        e.Property(c => c.Language).HasMaxLength(16);
        e.Property(c => c.TimeZone).HasMaxLength(64);
        e.HasIndex(c => c.Phone);
        e.HasIndex(c => new { c.WhatsAppOptIn, c.Id });
    }

    public void Configure(EntityTypeBuilder<ConsentRecord> e)
    {
        e.Property(c => c.Source).HasConversion<string>().HasMaxLength(32);
        // Records from before purposes existed were all about service messages: the migration fills them with "Service".
        e.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.Actor).HasMaxLength(254);
        e.Property(c => c.Text).HasMaxLength(2000);
        e.HasIndex(c => new { c.CustomerId, c.Id });
        e.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
