using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity.Data;

namespace WhatsApp.Api.Features.Auth;

/// <summary>
/// Sign-in attempts per account per minute (<c>Auth:LoginAttemptsPerMinute</c>), besides the looser per-address limit
/// (<c>Auth:LoginAttemptsPerMinutePerAddress</c>): guessing one account's password is slowed down wherever the guesses
/// come from, while one noisy client behind an address many people share does not lock all of them out.
/// </summary>
public sealed class AccountSignInLimiter(int permitPerMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    /// <summary>Counts an attempt on the account; false when it is over the limit.</summary>
    public bool TryAttempt(string email, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(email.Trim().ToUpperInvariant());
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    /// <summary>The endpoint filter for Identity's login endpoint, whose body names the account.</summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext _, EndpointFilterDelegate next) => async invocation =>
    {
        if (invocation.Arguments.OfType<LoginRequest>().FirstOrDefault() is { Email: { Length: > 0 } email }
            && !invocation.HttpContext.RequestServices.GetRequiredService<AccountSignInLimiter>().TryAttempt(email, out var retryAfter))
        {
            invocation.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TooMany();
        }
        return await next(invocation);
    };

    public static IResult TooMany() => TypedResults.Problem(
        title: "Too many sign-in attempts", detail: "Wait a minute before trying again.", statusCode: StatusCodes.Status429TooManyRequests);

    public void Dispose() => _limiter.Dispose();
}
