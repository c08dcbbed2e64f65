using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// A delivery report that arrived before its message was known by the provider's id: the provider accepted the send
/// and called back before the dispatcher wrote the id down (it records a batch at its end, and a batch at 80 messages
/// a second takes seconds). Kept here and applied as soon as the id is recorded, so no status is lost.
/// </summary>
public class EarlyStatusReport
{
    public long Id { get; set; }
    public int ProviderId { get; set; }
    public required string ProviderMessageId { get; set; }
    public MessageStatus Status { get; set; }
    public DateTime? At { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime ReceivedAt { get; set; }
    /// <summary>The report's pricing (<see cref="MessagePricing"/>), kept so an early report still tells the charge.</summary>
    public string? PricingCategory { get; set; }
    public bool? Billable { get; set; }
    public decimal? Price { get; set; }
    public string? PriceCurrency { get; set; }

    public StatusUpdate ToUpdate() => new(ProviderMessageId, Status, At, ErrorCode, ErrorMessage)
    {
        Pricing = PricingCategory is null && Billable is null && Price is null ? null : new MessagePricing(PricingCategory, Billable, Price, PriceCurrency),
    };
}

internal sealed class EarlyStatusReportConfiguration : IEntityTypeConfiguration<EarlyStatusReport>
{
    public void Configure(EntityTypeBuilder<EarlyStatusReport> e)
    {
        e.Property(r => r.ProviderMessageId).HasMaxLength(128);
        e.Property(r => r.ErrorCode).HasMaxLength(64);
        e.Property(r => r.ErrorMessage).HasMaxLength(1000);
        e.Property(r => r.PricingCategory).HasMaxLength(32);
        e.Property(r => r.Price).HasPrecision(18, 6);
        e.Property(r => r.PriceCurrency).HasMaxLength(3);
        e.HasIndex(r => new { r.ProviderId, r.ProviderMessageId });
        e.HasIndex(r => r.ReceivedAt);
    }
}
