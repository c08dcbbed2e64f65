using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Auth;

public record UserDto(string Id, string Email, string Role, DateTime CreatedAt);
public record CreateUserRequest(
    [property: StringLength(254), PlainText] string? Email,
    [property: StringLength(256)] string? Password,
    [property: StringLength(16)] string? Role);
public record ChangeRoleRequest([property: StringLength(16)] string? Role);
public record ResetPasswordRequest([property: StringLength(256)] string? NewPassword);
public record SessionDto(Guid Id, string Kind, DateTime CreatedAt, DateTime LastSeenAt, string? ClientAddress, string? UserAgent);

public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", List).WithName("ListUsers").WithSummary("Lists every user with their role.");
        group.MapPost("/", Create).WithName("CreateUser").WithSummary("Creates an Admin or Staff user.");
        group.MapDelete("/{id}", Delete).WithName("DeleteUser").WithSummary("Deletes a user; the last admin and yourself cannot be deleted.");
        group.MapPut("/{id}/role", ChangeRole).WithName("ChangeUserRole")
            .WithSummary("Gives a user another role; their sessions end. The last admin and yourself cannot be demoted.");
        group.MapPut("/{id}/password", ResetPassword).WithName("ResetUserPassword")
            .WithSummary("Sets a new password for another user (one who forgot theirs); their sessions end and a lockout is lifted. Your own is changed under My account.");
        group.MapGet("/{id}/sessions", ListSessions).WithName("ListUserSessions").WithSummary("The user's open sessions, most recently seen first.");
        group.MapDelete("/{id}/sessions/{sessionId:guid}", EndSession).WithName("EndUserSession")
            .WithSummary("Ends one of the user's sessions; its cookie or token is refused from now on.");
        return app;
    }

    private static async Task<Ok<List<UserDto>>> List(AppDbContext db)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id, u.Email, u.CreatedAt,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync();
        return TypedResults.Ok(users.Select(u => new UserDto(u.Id, u.Email ?? "", u.Role ?? "", u.CreatedAt)).ToList());
    }

    private static async Task<Results<Created<UserDto>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest request, UserManager<AppUser> users)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email) || !request.Email.Contains('@'))
            errors["email"] = ["A valid email address is required."];
        if (string.IsNullOrEmpty(request.Password))
            errors["password"] = ["A password is required."];
        if (request.Role is null || !Roles.All.Contains(request.Role))
            errors["role"] = [$"Role must be one of: {string.Join(", ", Roles.All)}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (await users.FindByEmailAsync(request.Email!) is not null)
            return Problems.Conflict("A user with this email already exists.", "email");

        var user = new AppUser { UserName = request.Email, Email = request.Email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, request.Password!);
        if (!result.Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["password"] = result.Errors.Select(e => e.Description).ToArray(),
            });
        await users.AddToRoleAsync(user, request.Role!);
        return TypedResults.Created($"/api/users/{user.Id}", new UserDto(user.Id, user.Email!, request.Role!, user.CreatedAt));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal principal, UserManager<AppUser> users, Sessions sessions)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return TypedResults.NotFound();
        if (users.GetUserId(principal) == id)
            return Problems.Conflict("You cannot delete your own account.");
        if (await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
            return Problems.Conflict("The last admin cannot be deleted.");
        await sessions.ForgetUserAsync(user.Id);
        await users.DeleteAsync(user);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> ChangeRole(
        string id, ChangeRoleRequest request, ClaimsPrincipal principal, UserManager<AppUser> users, Sessions sessions)
    {
        if (request.Role is null || !Roles.All.Contains(request.Role))
            return Problems.Field("role", $"Role must be one of: {string.Join(", ", Roles.All)}.");
        var user = await users.FindByIdAsync(id);
        if (user is null) return TypedResults.NotFound();
        var current = await users.GetRolesAsync(user);
        if (current.SequenceEqual([request.Role])) return TypedResults.NoContent();
        if (current.Contains(Roles.Admin))
        {
            if (users.GetUserId(principal) == id) return Problems.Conflict("You cannot change your own role.", "role");
            if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1) return Problems.Conflict("The last admin cannot be demoted.", "role");
        }
        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, request.Role);
        // Credentials carry the roles they were issued with: a new stamp makes the user sign in again with the new one.
        await users.UpdateSecurityStampAsync(user);
        await sessions.EndAllAsync(user.Id, "role-changed");
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> ResetPassword(
        string id, ResetPasswordRequest request, ClaimsPrincipal principal, UserManager<AppUser> users, Sessions sessions)
    {
        if (string.IsNullOrEmpty(request.NewPassword)) return Problems.Field("newPassword", "A new password is required.");
        var user = await users.FindByIdAsync(id);
        if (user is null) return TypedResults.NotFound();
        // Your own goes through My account, which asks for the current one and keeps this session.
        if (users.GetUserId(principal) == id) return Problems.Conflict("Change your own password under My account.", "newPassword");
        // Identity's reset checks the password rules and renews the security stamp, so old credentials are refused.
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), request.NewPassword);
        if (!result.Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newPassword"] = result.Errors.Select(e => e.Description).ToArray() });
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await sessions.EndAllAsync(user.Id, "password-reset");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<SessionDto>>, NotFound>> ListSessions(string id, AppDbContext db)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id)) return TypedResults.NotFound();
        var open = await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.UserId == id && s.EndedAt == null)
            .Select(s => new SessionDto(s.Id, s.Kind, s.CreatedAt, s.LastSeenAt, s.ClientAddress, s.UserAgent))
            .ToListAsync();
        return TypedResults.Ok(open.OrderByDescending(s => s.LastSeenAt).ToList());
    }

    private static async Task<Results<NoContent, NotFound>> EndSession(string id, Guid sessionId, Sessions sessions) =>
        await sessions.EndAsync(sessionId, "ended-by-admin", userId: id) ? TypedResults.NoContent() : TypedResults.NotFound();
}
