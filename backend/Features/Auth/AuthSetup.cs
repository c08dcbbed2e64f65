using System.Threading.RateLimiting;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Auth;

public static class AuthSetup
{
    public const string LoginRateLimit = "login";

    public static IServiceCollection AddAppAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentityApiEndpoints<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<SessionSignInManager>();

        services.AddMemoryCache();
        services.AddScoped<Sessions>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<SessionPruning>();
        services.AddSingleton(new SessionOptions
        {
            CheckInterval = TimeSpan.FromSeconds(configuration.GetValue("Auth:SessionCheckSeconds", 5)),
            KeepFor = TimeSpan.FromDays(configuration.GetValue("Auth:SessionKeepDays", 30)),
        });

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "whatsapp.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // An API answers with status codes; the SPA decides where to go.
            options.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            options.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        var perAccount = configuration.GetValue("Auth:LoginAttemptsPerMinute", 10);
        var permitPerMinute = configuration.GetValue("Auth:LoginAttemptsPerMinutePerAddress", Math.Max(60, 6 * perAccount));
        services.AddSingleton(new AccountSignInLimiter(perAccount));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString();
                await AccountSignInLimiter.TooMany().ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    public static WebApplication UseSessionPruning(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<SessionPruning>("session-pruning", p => p.RunAsync(CancellationToken.None), Cron.Daily());
        return app;
    }
}
