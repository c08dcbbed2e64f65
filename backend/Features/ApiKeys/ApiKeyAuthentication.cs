using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Infrastructure;
using static WhatsApp.Api.Features.ApiKeys.ApiKeyDefaults;

namespace WhatsApp.Api.Features.ApiKeys;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    /// <summary>The policy of endpoints for other systems: a valid API key, and nothing else, gets in.</summary>
    public const string Policy = "ApiClient";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "api_key_id";
}

/// <summary>Authenticates other systems by their <c>X-Api-Key</c> header: a key that exists and is not revoked.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder,
    AppDbContext db, TimeProvider clock, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var given = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(given)) return AuthenticateResult.NoResult();
        if (given.Length > 200) return AuthenticateResult.Fail("The API key is not valid.");

        var hash = ApiKey.HashOf(given);
        var key = await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is not valid.");

        // Last use is for people deciding which keys to revoke: to the minute is plenty, and spares a write per event.
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
            await db.Set<ApiKey>().Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"api-key:{key.Name}"), new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            ApiKeyDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{HeaderName}\"";
        var missing = string.IsNullOrEmpty(Request.Headers[HeaderName].ToString());
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = missing
                    ? $"Send an API key in the {HeaderName} header. Admins create keys under Settings → API keys."
                    : $"The {HeaderName} header does not hold a valid API key: it is mistyped or was revoked.",
            },
        });
    }
}
