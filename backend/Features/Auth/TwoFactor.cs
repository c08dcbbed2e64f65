using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Auth;

/// <summary>
/// Two-factor sign-in with an authenticator app, over Identity's authenticator support: a shared key (shown as an
/// otpauth URI for a QR code), enabled once a code from the app proves it was scanned, with one-time recovery codes.
/// Identity's <c>/login</c> then asks for the code (<c>twoFactorCode</c> or <c>twoFactorRecoveryCode</c>).
/// The "required for admins" setting is a claim on the Admin role, so it needs no table of its own.
/// </summary>
public sealed class TwoFactor(UserManager<AppUser> users, RoleManager<IdentityRole> roles, AppDbContext db, IMemoryCache cache, SessionOptions options)
{
    public const int RecoveryCodeCount = 10;
    private const string RequirementClaim = "two-factor";
    private const string Required = "required";
    private const string Issuer = "WhatsApp module";
    private const string RequirementCacheKey = "two-factor:admins-required";

    /// <summary>True when Admins must have two-factor on before they may do anything else.</summary>
    public async Task<bool> IsRequiredForAdminsAsync(CancellationToken ct = default) =>
        await cache.GetOrCreateAsync(RequirementCacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = options.CheckInterval;
            return await db.RoleClaims.AnyAsync(c => c.ClaimType == RequirementClaim && c.ClaimValue == Required
                && db.Roles.Any(r => r.Id == c.RoleId && r.Name == Roles.Admin), ct);
        });

    public async Task SetRequiredForAdminsAsync(bool required)
    {
        var admin = await roles.FindByNameAsync(Roles.Admin) ?? throw new InvalidOperationException("The Admin role is missing.");
        var claims = (await roles.GetClaimsAsync(admin)).Where(c => c.Type == RequirementClaim).ToList();
        foreach (var claim in claims) await roles.RemoveClaimAsync(admin, claim);
        if (required) await roles.AddClaimAsync(admin, new Claim(RequirementClaim, Required));
        cache.Remove(RequirementCacheKey);
    }

    /// <summary>True when this signed-in user is an Admin without two-factor while Admins are required to have it.</summary>
    public async Task<bool> MustSetUpAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        // People only: an API key is not a person and has no second factor.
        if (principal.Identity?.AuthenticationType != IdentityConstants.ApplicationScheme
            || !principal.IsInRole(Roles.Admin) || !await IsRequiredForAdminsAsync(ct)) return false;
        var userId = users.GetUserId(principal);
        return !await db.Users.AnyAsync(u => u.Id == userId && u.TwoFactorEnabled, ct);
    }

    public async Task<TwoFactorStatus> StatusAsync(AppUser user, ClaimsPrincipal principal) => new(
        user.TwoFactorEnabled,
        user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0,
        principal.IsInRole(Roles.Admin) && await IsRequiredForAdminsAsync());

    /// <summary>
    /// A fresh shared key for the authenticator app while two-factor is off (scanning again replaces the last attempt).
    /// Identity changes the security stamp with it; the caller renews the credential.
    /// </summary>
    public async Task<TwoFactorSetup?> StartSetupAsync(AppUser user)
    {
        if (user.TwoFactorEnabled) return null;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var account = user.Email ?? user.UserName ?? user.Id;
        var uri = $"otpauth://totp/{UrlEncoder.Default.Encode(Issuer)}:{UrlEncoder.Default.Encode(account)}?secret={key}&issuer={UrlEncoder.Default.Encode(Issuer)}&digits=6";
        return new TwoFactorSetup(FormatKey(key), uri);
    }

    /// <summary>Turns two-factor on when <paramref name="code"/> is the app's current code; the recovery codes, or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(AppUser user, string code)
    {
        if (await users.GetAuthenticatorKeyAsync(user) is null) return null;
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code))) return null;
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
    }

    /// <summary>Turns two-factor off and forgets the key, so turning it on again needs a new scan.</summary>
    public async Task DisableAsync(AppUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
    }

    /// <summary>New recovery codes; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(AppUser user) =>
        (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();

    private static string Normalize(string code) => code.Replace(" ", "").Replace("-", "");

    /// <summary>The key in groups of four, as people type it into an app.</summary>
    private static string FormatKey(string key) =>
        string.Join(" ", key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
}

public record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft, bool RequiredForYou);
public record TwoFactorSetup(string SharedKey, string AuthenticatorUri);
public record EnableTwoFactorRequest([property: System.ComponentModel.DataAnnotations.StringLength(16)] string? Code);
public record RecoveryCodes(IReadOnlyList<string> Codes);
public record SecuritySettings(bool RequireTwoFactorForAdmins);
