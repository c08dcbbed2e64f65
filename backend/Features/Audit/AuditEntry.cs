using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Features.Audit;

/// <summary>
/// One change made by a person or an API key. Appended, never edited: nothing in the app updates or deletes a row. It
/// says who, when, what (a summary with ids, built from the route and the answer, never from the request body, so no
/// secret a form carried can end up here) and from which address.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary><c>user</c> or <c>api-key</c>.</summary>
    public required string ActorType { get; set; }
    /// <summary>The user's id or the API key's id.</summary>
    public required string ActorId { get; set; }
    /// <summary>The user's email or <c>api-key:name</c> at the time: the row outlives both.</summary>
    public required string Actor { get; set; }
    /// <summary>What was changed: <c>provider</c>, <c>template</c>, <c>user</c> … (<see cref="AuditedEndpoints"/>).</summary>
    public required string Kind { get; set; }
    /// <summary>The API operation, e.g. <c>SetActiveProvider</c>.</summary>
    public required string Action { get; set; }
    /// <summary>The changed entity's id, when the route or the answer names one.</summary>
    public string? EntityId { get; set; }
    public required string Summary { get; set; }
    public string? ClientAddress { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(a => a.ActorType).HasMaxLength(16);
        e.Property(a => a.ActorId).HasMaxLength(450);
        e.Property(a => a.Actor).HasMaxLength(256);
        e.Property(a => a.Kind).HasMaxLength(32);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.EntityId).HasMaxLength(128);
        e.Property(a => a.Summary).HasMaxLength(512);
        e.Property(a => a.ClientAddress).HasMaxLength(64);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.Kind, a.Id });
        e.HasIndex(a => new { a.ActorId, a.Id });
    }
}
