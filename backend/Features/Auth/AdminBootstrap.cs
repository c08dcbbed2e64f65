using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace WhatsApp.Api.Features.Auth;

public static class AdminBootstrap
{
    /// <summary>Creates the roles and, on a database without users, the first admin.</summary>
    public static async Task EnsureAdminAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (users.Users.Any()) return;

        var email = app.Configuration["Admin:Email"] is { Length: > 0 } configured ? configured : "admin@localhost";
        var password = app.Configuration["Admin:Password"];
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = GeneratePassword();

        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(admin, password!);
        if (!result.Succeeded)
            throw new InvalidOperationException("The first admin could not be created: " +
                string.Join(" ", result.Errors.Select(e => e.Description)) + " (check Admin:Email and Admin:Password)");
        await users.AddToRoleAsync(admin, Roles.Admin);

        // Written to the console, not the log: the generated password must not end up in log storage.
        Console.WriteLine();
        Console.WriteLine("  ┌────────────────────────────────────────────────────────────");
        Console.WriteLine("  │ First start: an admin account was created.");
        Console.WriteLine($"  │   email:    {email}");
        Console.WriteLine(generated
            ? $"  │   password: {password}   (shown once; change it or set Admin__Password before the first start)"
            : "  │   password: the value of Admin:Password");
        Console.WriteLine("  └────────────────────────────────────────────────────────────");
        Console.WriteLine();
    }

    private static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var core = RandomNumberGenerator.GetString(alphabet, 16);
        // Identity's default rules want a digit, upper, lower and a symbol.
        return $"{core[..4]}-{core[4..8]}-{core[8..12]}-{core[12..]}A7a";
    }
}
