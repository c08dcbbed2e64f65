using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using WhatsApp.Api.Features.Auth;

namespace WhatsApp.Api.Infrastructure;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire on the storage <c>Jobs:Storage</c> names (<see cref="JobStorageKind"/>: by default a SQLite file beside the
    /// app's database, or PostgreSQL when the app runs there, so several instances share the work). The storage is per
    /// app, not global, so several apps can live in one process (tests).
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var kind = configuration.GetJobStorageKind();
        var connectionString = configuration.GetConnectionString("Default");
        services.AddSingleton<JobStorage>(sp =>
        {
            // Resolving the configuration first installs our log provider before the storage asks for a logger.
            _ = sp.GetRequiredService<IGlobalConfiguration>();
            return JobStorageSetup.Create(kind, connectionString, sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
        });
        // Hangfire's default activator is the static JobActivator.Current (the last app configured wins): with several
        // apps in one process (tests), one app's server would build jobs from another app's services. One per app.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new DisposalSafeLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((sp, options) =>
        {
            options.WorkerCount = configuration.GetValue("Jobs:WorkerCount", Math.Max(4, Environment.ProcessorCount * 2));
            options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return services;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    /// <summary>The dashboard can trigger and delete jobs: admins only, anonymous and Staff refused.</summary>
    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (http.User.IsInRole(Roles.Admin)) return true;
            http.Response.StatusCode = http.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            return false;
        }
    }

    /// <summary>
    /// Hangfire keeps its log provider in a static; when an app (a test host) is disposed, another app's Hangfire must
    /// not crash on the dead logger factory: it logs nothing instead.
    /// </summary>
    private sealed class DisposalSafeLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        public Hangfire.Logging.ILog GetLogger(string name) => new ForwardingLog(factory, name);

        private sealed class ForwardingLog(ILoggerFactory factory, string name) : Hangfire.Logging.ILog
        {
            private ILogger? _logger;

            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    _logger ??= factory.CreateLogger(name);
                    var level = (LogLevel)(int)logLevel;
                    if (messageFunc is null) return _logger.IsEnabled(level);
                    if (_logger.IsEnabled(level)) _logger.Log(level, exception, "{Message}", messageFunc());
                    return true;
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
    }
}
