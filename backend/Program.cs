using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddApiInfrastructure()
    .AddAppDatabase(builder.Configuration, builder.Environment)
    .AddAppAuth(builder.Configuration)
    .AddProviders();

var app = builder.Build();

app.UseApiInfrastructure();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapAuthEndpoints();
app.MapUsersEndpoints();
app.MapProvidersEndpoints();
app.MapSpaAndHealth();

await app.MigrateDatabaseAsync();
await app.EnsureAdminAsync();

app.Run();

/// <summary>Entry point; public so tests can host the real app with WebApplicationFactory.</summary>
public partial class Program;
