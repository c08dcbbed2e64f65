using System.ComponentModel.DataAnnotations;
using WhatsApp.Api.Infrastructure;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace WhatsApp.Api.Features.Auth;

/// <param name="MustSetUpTwoFactor">An Admin without two-factor while Admins must have it: the app sends them to set it up.</param>
public record CurrentUser(string Id, string Email, IReadOnlyList<string> Roles, bool MustSetUpTwoFactor = false);
public record ChangePasswordRequest([property: StringLength(256)] string? CurrentPassword, [property: StringLength(256)] string? NewPassword);

public static class AuthEndpoints
{
    /// <summary>
    /// The Identity endpoints the app uses. Accounts are created by admins (see /api/users) and there is no email sender,
    /// so registration, email confirmation and forgotten-password resets are not reachable. Two-factor is managed by
    /// /api/auth/two-factor, which keeps the session signed in and is audited.
    /// </summary>
    private static readonly string[] IdentityEndpointsInUse = ["/login", "/refresh"];

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        group.MapIdentityApi<AppUser>()
            .RequireRateLimiting(AuthSetup.LoginRateLimit)
            .Add(endpoint =>
            {
                if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern }) return;
                if (pattern.EndsWith("/login")) endpoint.FilterFactories.Add(AccountSignInLimiter.Filter);
                if (IdentityEndpointsInUse.Any(pattern.EndsWith)) return;
                endpoint.FilterFactories.Add((_, _) => _ => ValueTask.FromResult<object?>(TypedResults.NotFound()));
                endpoint.Metadata.Add(new ExcludeFromDescriptionAttribute());
            });

        group.MapPost("/logout", Logout).WithName("Logout")
            .WithSummary("Signs out: ends this session on the server, so its cookie or token is refused from now on.").RequireAuthorization();
        group.MapGet("/me", Me).WithName("GetCurrentUser").WithSummary("The signed-in user and their roles.").RequireAuthorization();
        group.MapPost("/password", ChangePassword).WithName("ChangePassword")
            .WithSummary("Changes the signed-in user's password and ends their other sessions; a cookie session stays signed in, a bearer token must sign in again.")
            .RequireAuthorization().RequireRateLimiting(AuthSetup.LoginRateLimit);
        group.MapTwoFactorEndpoints();
        return app;
    }

    private static async Task<NoContent> Logout(ClaimsPrincipal principal, SignInManager<AppUser> signInManager, Sessions sessions)
    {
        if (SessionSignInManager.SessionIdOf(principal) is { } sessionId) await sessions.EndAsync(sessionId, "signed-out");
        await signInManager.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CurrentUser>, UnauthorizedHttpResult>> Me(ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactor twoFactor)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null) return TypedResults.Unauthorized();
        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new CurrentUser(user.Id, user.Email ?? "", roles.Order().ToList(), await twoFactor.MustSetUpAsync(principal)));
    }

    private static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> ChangePassword(
        ChangePasswordRequest request, HttpContext http, UserManager<AppUser> users, SessionSignInManager signInManager)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword)) errors["currentPassword"] = ["The current password is required."];
        if (string.IsNullOrEmpty(request.NewPassword)) errors["newPassword"] = ["A new password is required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var user = await users.GetUserAsync(http.User);
        if (user is null) return TypedResults.Unauthorized();
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!);
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? "currentPassword" : "newPassword";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).ToArray() });
        }

        await signInManager.KeepThisSessionAsync(user, "password-changed");
        return TypedResults.NoContent();
    }
}
