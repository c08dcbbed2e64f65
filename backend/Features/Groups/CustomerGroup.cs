using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Customers;

namespace WhatsApp.Api.Features.Groups;

/// <summary>A named set of customers, e.g. "Fibre 1G" or "Downtown": an audience for broadcasts.</summary>
public class CustomerGroup
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;

    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Upper-cased name: names are unique regardless of case.</summary>
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public class GroupMember
{
    public int GroupId { get; set; }
    public int CustomerId { get; set; }
    public DateTime AddedAt { get; set; }
}

internal sealed class CustomerGroupConfiguration : IEntityTypeConfiguration<CustomerGroup>, IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<CustomerGroup> e)
    {
        e.Property(g => g.Name).HasMaxLength(CustomerGroup.MaxNameLength);
        e.Property(g => g.NormalizedName).HasMaxLength(CustomerGroup.MaxNameLength);
        e.Property(g => g.Description).HasMaxLength(CustomerGroup.MaxDescriptionLength);
        e.HasIndex(g => g.NormalizedName).IsUnique();
    }

    public void Configure(EntityTypeBuilder<GroupMember> e)
    {
        e.HasKey(m => new { m.GroupId, m.CustomerId });
        // Audience queries go from group to customers; a customer's profile goes the other way.
        e.HasIndex(m => new { m.CustomerId, m.GroupId });
        e.HasOne<CustomerGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
