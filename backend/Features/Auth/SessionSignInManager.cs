using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Auth;

/// <summary>
/// Identity's sign-in manager, with a server-side <see cref="UserSession"/> behind every credential it issues: a sign-in
/// (password, two-factor or recovery code; cookie or bearer) opens one and puts its id in the credential; a refresh
/// (bearer refresh token, cookie re-validation) keeps the id it came with and only succeeds while the session is open.
/// </summary>
public sealed class SessionSignInManager(
    UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, Sessions sessions)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private const string RefreshedSessionKey = "refreshed-session";

    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        if (!claims.Any(c => c.Type == SessionClaims.SessionId))
        {
            var kind = AuthenticationScheme == IdentityConstants.BearerScheme ? "bearer" : "cookie";
            var id = await sessions.StartAsync(user.Id, kind, Context);
            claims.Add(new Claim(SessionClaims.SessionId, id.ToString()));
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>Used by the bearer refresh endpoint and the cookie's periodic check: the session must still be open.</summary>
    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        if (user is null || SessionIdOf(principal) is not { } sessionId) return null;
        if (!await sessions.IsValidAsync(sessionId, principal!.FindFirstValue(Options.ClaimsIdentity.SecurityStampClaimType), Context.RequestAborted))
            return null;
        // The principal built next for the refreshed credential keeps this session.
        Context.Items[RefreshedSessionKey] = sessionId;
        return user;
    }

    public override async Task<ClaimsPrincipal> CreateUserPrincipalAsync(AppUser user)
    {
        var principal = await base.CreateUserPrincipalAsync(user);
        if (Context.Items[RefreshedSessionKey] is Guid sessionId)
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaims.SessionId, sessionId.ToString()));
        return principal;
    }

    /// <summary>
    /// After the user's security stamp changed in this request (password, two-factor): every other session is ended;
    /// this one goes on with a cookie re-issued under the new stamp, while a bearer token (which cannot be re-issued
    /// here) must sign in again.
    /// </summary>
    public async Task KeepThisSessionAsync(AppUser user, string reason)
    {
        var current = SessionIdOf(Context.User);
        await sessions.EndAllAsync(user.Id, reason, except: current);
        await sessions.ForgetUserAsync(user.Id);
        if (current is { } sessionId && string.IsNullOrEmpty(Context.Request.Headers.Authorization))
        {
            var cookie = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            await SignInWithClaimsAsync(user, cookie.Properties, [new Claim(SessionClaims.SessionId, sessionId.ToString())]);
        }
        else if (current is { } bearerSession)
            await sessions.EndAsync(bearerSession, reason);
    }

    /// <summary>
    /// Every sign-in of a user with two-factor asks for a code: no "remember this browser" cookie that would skip it
    /// (Identity's login endpoint asks for one whenever the sign-in cookie is persistent).
    /// </summary>
    public override Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient) =>
        base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient: false);

    public static Guid? SessionIdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(SessionClaims.SessionId), out var id) ? id : null;
}
