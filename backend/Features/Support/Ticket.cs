using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Customers;

namespace WhatsApp.Api.Features.Support;

public enum TicketStatus { Open, InProgress, Resolved, Closed }

/// <summary>A support ticket of the billing application's helpdesk.</summary>
public class Ticket
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public required string Number { get; set; }
    public required string Subject { get; set; }
    public TicketStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>How customers read a status: "In progress", not "InProgress".</summary>
    public static string Label(TicketStatus status) => status switch
    {
        TicketStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public Dictionary<string, string> EventData() => new()
    {
        ["ticket.number"] = Number,
        ["ticket.subject"] = Subject,
        ["ticket.status"] = Label(Status),
    };
}

public enum DiagnosticStatus { Running, Completed }

/// <summary>A line diagnostic run for a customer: started, then completed with a summary of what it found.</summary>
public class Diagnostic
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public DiagnosticStatus Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? Summary { get; set; }
    public string? StartedBy { get; set; }
}

internal sealed class SupportConfiguration : IEntityTypeConfiguration<Ticket>, IEntityTypeConfiguration<Diagnostic>
{
    public void Configure(EntityTypeBuilder<Ticket> e)
    {
        e.Property(t => t.Number).HasMaxLength(50);
        e.Property(t => t.Subject).HasMaxLength(200);
        e.Property(t => t.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        e.HasIndex(t => t.Number).IsUnique();
        e.HasIndex(t => new { t.CustomerId, t.Id });
        e.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Diagnostic> e)
    {
        e.Property(d => d.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        e.Property(d => d.Summary).HasMaxLength(1000);
        e.Property(d => d.StartedBy).HasMaxLength(254);
        e.HasIndex(d => new { d.CustomerId, d.Id });
        e.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
