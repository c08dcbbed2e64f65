using Microsoft.AspNetCore.Identity;

namespace WhatsApp.Api.Features.Auth;

public class AppUser : IdentityUser
{
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
    public static readonly string[] All = [Admin, Staff];
}

public static class Policies
{
    /// <summary>Signed in with a role: templates, compose, logs.</summary>
    public const string Staff = "Staff";
    /// <summary>Settings and users.</summary>
    public const string Admin = "Admin";
}
