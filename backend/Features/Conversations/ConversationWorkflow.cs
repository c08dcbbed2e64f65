using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Support;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>Staff's note in a thread: shown in the timeline, never sent to the customer.</summary>
public class ConversationNote
{
    public const int MaxLength = 4000;

    public long Id { get; set; }
    public int ConversationId { get; set; }
    public required string Text { get; set; }
    public string? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A saved text staff insert into the reply box (and may edit before sending).</summary>
public class CannedReply
{
    public const int TitleMaxLength = 100;

    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A ticket opened from, or linked to, a conversation: one conversation per ticket.</summary>
public class ConversationTicket
{
    public int TicketId { get; set; }
    public int ConversationId { get; set; }
    public DateTime LinkedAt { get; set; }
    public string? LinkedBy { get; set; }
}

internal sealed class ConversationWorkflowConfiguration
    : IEntityTypeConfiguration<ConversationNote>, IEntityTypeConfiguration<CannedReply>, IEntityTypeConfiguration<ConversationTicket>
{
    public void Configure(EntityTypeBuilder<ConversationNote> e)
    {
        e.Property(n => n.Text).HasMaxLength(ConversationNote.MaxLength);
        e.Property(n => n.AuthorId).HasMaxLength(64);
        e.Property(n => n.AuthorName).HasMaxLength(256);
        // Merged into the thread's keyset pages like its messages.
        e.HasIndex(n => new { n.ConversationId, n.CreatedAt, n.Id });
        e.HasOne<Conversation>().WithMany().HasForeignKey(n => n.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CannedReply> e)
    {
        e.Property(r => r.Title).HasMaxLength(CannedReply.TitleMaxLength);
        e.Property(r => r.Text).HasMaxLength(ConversationReplies.MaxLength);
        e.HasIndex(r => r.Title).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ConversationTicket> e)
    {
        e.HasKey(l => l.TicketId);
        e.Property(l => l.LinkedBy).HasMaxLength(256);
        e.HasIndex(l => l.ConversationId);
        e.HasOne<Conversation>().WithMany().HasForeignKey(l => l.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}
