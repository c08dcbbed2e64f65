using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Features.Costs;

/// <summary>
/// What WhatsApp messages cost, as the business's own copy of its provider's rate card: one card (Id 1), with the date
/// its prices are from. Providers charge per message by pricing category and recipient country.
/// </summary>
public class RateCard
{
    public const int SingletonId = 1;
    public int Id { get; set; }
    /// <summary>Where the prices come from, in words ("Meta rate card, Brazil, USD").</summary>
    public required string Label { get; set; }
    /// <summary>The date the prices are from: rate cards change, and a stale one should say so.</summary>
    public DateOnly AsOf { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>One price: a message of <see cref="Category"/> to a number of <see cref="Country"/> (ISO 3166 region, or "*" for any other).</summary>
public class RateCardPrice
{
    /// <summary>The row that prices every country the card does not name.</summary>
    public const string AnyCountry = "*";

    public int Id { get; set; }
    /// <summary>marketing, utility, authentication, service … (lower case, as Meta's pricing.category).</summary>
    public required string Category { get; set; }
    public required string Country { get; set; }
    public decimal Price { get; set; }
    /// <summary>ISO 4217, e.g. USD.</summary>
    public required string Currency { get; set; }
}

internal sealed class RateCardConfiguration : IEntityTypeConfiguration<RateCard>, IEntityTypeConfiguration<RateCardPrice>
{
    /// <summary>
    /// The card a new install starts with. Its prices are an EXAMPLE to show the shape, not any provider's rates:
    /// replace them with your provider's card (Settings → Rate card).
    /// </summary>
    private static readonly DateOnly ExampleDate = new(2025, 7, 1);

    public void Configure(EntityTypeBuilder<RateCard> e)
    {
        e.Property(c => c.Label).HasMaxLength(200);
        e.Property(c => c.UpdatedBy).HasMaxLength(254);
        e.HasData(new RateCard
        {
            Id = RateCard.SingletonId, AsOf = ExampleDate, UpdatedAt = new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc),
            Label = "EXAMPLE prices (illustrative, not a provider's rates) as of 2025-07-01: replace them with your provider's rate card",
        });
    }

    public void Configure(EntityTypeBuilder<RateCardPrice> e)
    {
        e.Property(p => p.Category).HasMaxLength(32);
        e.Property(p => p.Country).HasMaxLength(2);
        e.Property(p => p.Currency).HasMaxLength(3);
        e.Property(p => p.Price).HasPrecision(18, 6);
        e.HasIndex(p => new { p.Category, p.Country }).IsUnique();
        e.HasData(
            new RateCardPrice { Id = 1, Category = "marketing", Country = RateCardPrice.AnyCountry, Price = 0.025m, Currency = "USD" },
            new RateCardPrice { Id = 2, Category = "utility", Country = RateCardPrice.AnyCountry, Price = 0.004m, Currency = "USD" },
            new RateCardPrice { Id = 3, Category = "authentication", Country = RateCardPrice.AnyCountry, Price = 0.004m, Currency = "USD" },
            new RateCardPrice { Id = 4, Category = "service", Country = RateCardPrice.AnyCountry, Price = 0m, Currency = "USD" });
    }
}
