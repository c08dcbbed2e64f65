using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Auth;

/// <summary>
/// Runs after authentication on every request: a user's cookie or bearer token counts only while its session is open
/// and its security stamp is current (<see cref="Sessions.IsValidAsync"/>, cached for seconds). Otherwise the request
/// goes on as anonymous, so every protected route answers 401, not only <c>/api/auth/me</c>.
/// </summary>
public static class SessionCheck
{
    public static IApplicationBuilder UseSessionCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is ClaimsIdentity { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
            && !await IsCurrentAsync(http))
            http.User = new ClaimsPrincipal(new ClaimsIdentity());
        await next(http);
    });

    private static async Task<bool> IsCurrentAsync(HttpContext http)
    {
        if (SessionSignInManager.SessionIdOf(http.User) is not { } sessionId) return false;
        var stampClaim = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        return await http.RequestServices.GetRequiredService<Sessions>().IsValidAsync(sessionId, http.User.FindFirstValue(stampClaim), http.RequestAborted);
    }
}
