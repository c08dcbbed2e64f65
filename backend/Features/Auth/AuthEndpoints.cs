using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace WhatsApp.Api.Features.Auth;

public record CurrentUser(string Id, string Email, IReadOnlyList<string> Roles);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        // Identity's endpoints, minus self-registration: accounts are created by admins (see /api/users).
        group.MapIdentityApi<AppUser>()
            .RequireRateLimiting(AuthSetup.LoginRateLimit)
            .Add(endpoint =>
            {
                if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern }) return;
                if (pattern.EndsWith("/register"))
                {
                    endpoint.FilterFactories.Add((_, _) => _ => ValueTask.FromResult<object?>(TypedResults.NotFound()));
                    endpoint.Metadata.Add(new ExcludeFromDescriptionAttribute());
                }
            });

        group.MapPost("/logout", Logout).WithName("Logout").WithSummary("Signs out of the cookie session.").RequireAuthorization();
        group.MapGet("/me", Me).WithName("GetCurrentUser").WithSummary("The signed-in user and their roles.").RequireAuthorization();
        return app;
    }

    private static async Task<NoContent> Logout(SignInManager<AppUser> signInManager)
    {
        await signInManager.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CurrentUser>, UnauthorizedHttpResult>> Me(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null) return TypedResults.Unauthorized();
        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new CurrentUser(user.Id, user.Email ?? "", roles.Order().ToList()));
    }
}
