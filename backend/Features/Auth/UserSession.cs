using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Features.Auth;

/// <summary>
/// One sign-in (a cookie or a bearer token and its refreshes), kept on the server so that it can end before the
/// credential expires: sign-out, an admin ending it, or the user's deletion. Its id travels in the credential as
/// <see cref="SessionClaims.SessionId"/>.
/// </summary>
public class UserSession
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    /// <summary><c>cookie</c> or <c>bearer</c>.</summary>
    public required string Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Refreshed at most once a minute, when the session is checked.</summary>
    public DateTime LastSeenAt { get; set; }
    public DateTime? EndedAt { get; set; }
    /// <summary>Why it ended: <c>signed-out</c>, <c>ended-by-admin</c>, <c>password-changed</c> …</summary>
    public string? EndReason { get; set; }
    public string? ClientAddress { get; set; }
    public string? UserAgent { get; set; }
}

public static class SessionClaims
{
    /// <summary>The claim carrying the <see cref="UserSession"/> id in cookies and bearer tokens.</summary>
    public const string SessionId = "sid";
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> e)
    {
        e.Property(s => s.UserId).HasMaxLength(450);
        e.Property(s => s.Kind).HasMaxLength(16);
        e.Property(s => s.EndReason).HasMaxLength(32);
        e.Property(s => s.ClientAddress).HasMaxLength(64);
        e.Property(s => s.UserAgent).HasMaxLength(256);
        // A deleted user's sessions go with them, and with them every credential that named one.
        e.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}
