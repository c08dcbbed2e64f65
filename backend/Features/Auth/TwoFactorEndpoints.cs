using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Auth;

public static class TwoFactorEndpoints
{
    /// <summary>
    /// The routes an Admin who must set up two-factor may still use (see <see cref="UseTwoFactorRequirement"/>):
    /// who am I, sign out, and setting it up.
    /// </summary>
    private static readonly string[] OpenWhileSettingUp = ["/api/auth/me", "/api/auth/logout", "/api/auth/two-factor"];

    public static RouteGroupBuilder MapTwoFactorEndpoints(this RouteGroupBuilder auth)
    {
        var group = auth.MapGroup("/two-factor").RequireAuthorization();
        group.MapGet("/", Status).WithName("GetTwoFactor").WithSummary("Whether the signed-in user has two-factor sign-in on, and whether they must.");
        group.MapPost("/setup", Setup).WithName("SetUpTwoFactor")
            .WithSummary("A new authenticator key (and its otpauth URI for a QR code) while two-factor is off; it is on only after a code confirms it.");
        group.MapPost("/enable", Enable).WithName("EnableTwoFactor")
            .WithSummary("Turns two-factor on with a code from the authenticator app; answers the recovery codes, shown this once.")
            .RequireRateLimiting(AuthSetup.LoginRateLimit);
        group.MapPost("/disable", Disable).WithName("DisableTwoFactor").WithSummary("Turns two-factor off and forgets the authenticator key.");
        group.MapPost("/recovery-codes", RegenerateRecoveryCodes).WithName("RegenerateRecoveryCodes")
            .WithSummary("New recovery codes, shown this once; the previous ones stop working.");

        auth.MapGet("/security-settings", GetSettings).WithName("GetSecuritySettings")
            .WithSummary("Sign-in rules for everyone: whether Admins must use two-factor.").RequireAuthorization(Policies.Admin);
        auth.MapPut("/security-settings", UpdateSettings).WithName("UpdateSecuritySettings")
            .WithSummary("Changes the sign-in rules; with two-factor required, an Admin without it must set it up before anything else.")
            .RequireAuthorization(Policies.Admin);
        return group;
    }

    /// <summary>
    /// While Admins must have two-factor, an Admin without it gets 403 with a problem saying so on every API route but
    /// <see cref="OpenWhileSettingUp"/>. Runs after the session check, so it sees only current credentials.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorRequirement(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true } && http.Request.Path.StartsWithSegments("/api")
            && !OpenWhileSettingUp.Any(p => http.Request.Path.StartsWithSegments(p))
            && await http.RequestServices.GetRequiredService<TwoFactor>().MustSetUpAsync(http.User, http.RequestAborted))
        {
            await Problems.Problem(StatusCodes.Status403Forbidden, "Two-factor sign-in required",
                "Admins must turn on two-factor sign-in (My account) before doing anything else.").ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static async Task<Results<Ok<TwoFactorStatus>, UnauthorizedHttpResult>> Status(ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactor twoFactor) =>
        await users.GetUserAsync(principal) is { } user ? TypedResults.Ok(await twoFactor.StatusAsync(user, principal)) : TypedResults.Unauthorized();

    private static async Task<Results<Ok<TwoFactorSetup>, ProblemHttpResult, UnauthorizedHttpResult>> Setup(
        ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactor twoFactor, SessionSignInManager signIn)
    {
        if (await users.GetUserAsync(principal) is not { } user) return TypedResults.Unauthorized();
        if (await twoFactor.StartSetupAsync(user) is not { } setup)
            return Problems.Conflict("Two-factor sign-in is already on; turn it off first to use another authenticator.");
        await signIn.KeepThisSessionAsync(user, "two-factor-changed");
        return TypedResults.Ok(setup);
    }

    private static async Task<Results<Ok<RecoveryCodes>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> Enable(
        EnableTwoFactorRequest request, ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactor twoFactor, SessionSignInManager signIn)
    {
        if (string.IsNullOrWhiteSpace(request.Code)) return CodeProblem("Enter the 6-digit code your authenticator app shows.");
        if (await users.GetUserAsync(principal) is not { } user) return TypedResults.Unauthorized();
        if (user.TwoFactorEnabled) return Problems.Conflict("Two-factor sign-in is already on.");
        if (await twoFactor.EnableAsync(user, request.Code) is not { } codes)
            return CodeProblem("That code is not the one your authenticator app shows now. Start the setup again if the app was set up with an older key.");
        await signIn.KeepThisSessionAsync(user, "two-factor-changed");
        return TypedResults.Ok(new RecoveryCodes(codes));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, UnauthorizedHttpResult>> Disable(
        ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactor twoFactor, SessionSignInManager signIn)
    {
        if (await users.GetUserAsync(principal) is not { } user) return TypedResults.Unauthorized();
        if (principal.IsInRole(Roles.Admin) && await twoFactor.IsRequiredForAdminsAsync())
            return Problems.Conflict("Admins must keep two-factor sign-in on while the security settings require it.");
        await twoFactor.DisableAsync(user);
        await signIn.KeepThisSessionAsync(user, "two-factor-changed");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult, UnauthorizedHttpResult>> RegenerateRecoveryCodes(
        ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactor twoFactor)
    {
        if (await users.GetUserAsync(principal) is not { } user) return TypedResults.Unauthorized();
        if (!user.TwoFactorEnabled) return Problems.Conflict("Two-factor sign-in is off; there are no recovery codes to replace.");
        return TypedResults.Ok(new RecoveryCodes(await twoFactor.RegenerateRecoveryCodesAsync(user)));
    }

    private static async Task<Ok<SecuritySettings>> GetSettings(TwoFactor twoFactor) =>
        TypedResults.Ok(new SecuritySettings(await twoFactor.IsRequiredForAdminsAsync()));

    private static async Task<Ok<SecuritySettings>> UpdateSettings(SecuritySettings request, TwoFactor twoFactor)
    {
        await twoFactor.SetRequiredForAdminsAsync(request.RequireTwoFactorForAdmins);
        return TypedResults.Ok(new SecuritySettings(await twoFactor.IsRequiredForAdminsAsync()));
    }

    private static ValidationProblem CodeProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [message] });
}
