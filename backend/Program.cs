using WhatsApp.Api.Features.ApiKeys;
using WhatsApp.Api.Features.Audit;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Costs;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Demo;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Stats;
using WhatsApp.Api.Features.Support;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Instances;
using WhatsApp.Api.Infrastructure.Live;
using WhatsApp.Api.Infrastructure.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddApiInfrastructure(builder.Configuration)
    .AddAppDatabase(builder.Configuration, builder.Environment)
    .AddInstances(builder.Configuration)
    .AddAppAuth(builder.Configuration)
    .AddJobs(builder.Configuration)
    .AddProviders()
    .AddTemplates()
    .AddTemplateLifecycle()
    .AddCustomers()
    .AddLiveEvents(builder.Configuration)
    .AddMessaging(builder.Configuration)
    .AddSupport()
    .AddConversations()
    .AddBroadcasts(builder.Configuration)
    .AddAutomations(builder.Configuration)
    .AddBilling(builder.Configuration)
    .AddMedia(builder.Configuration)
    .AddApiKeys()
    .AddCosts()
    .AddStats(builder.Configuration)
    .AddDemo(builder.Configuration)
    .AddTelemetry(builder.Configuration);

var app = builder.Build();

app.UseApiInfrastructure();
app.UseAuthentication();
app.UseSessionCheck();
app.UseTwoFactorRequirement();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAuditTrail();

app.MapAuthEndpoints();
app.MapUsersEndpoints();
app.MapProvidersEndpoints();
app.MapTemplatesEndpoints();
app.MapCustomersEndpoints();
app.MapGroupsEndpoints();
app.MapUnsubscribeEndpoints();
app.MapMediaEndpoints();
app.MapMessagesEndpoints();
app.MapConversationsEndpoints();
app.MapLiveEndpoints();
app.MapDemoEndpoints();
app.MapBroadcastsEndpoints();
app.MapStatsEndpoints();
app.MapBillingEndpoints();
app.MapSupportEndpoints();
app.MapAutomationsEndpoints();
app.MapApiKeysEndpoints();
app.MapCostsEndpoints();
app.MapAuditEndpoints();
app.MapEventsApiEndpoints();
app.MapProviderTestEndpoints();
app.MapWebhooksEndpoints();
app.MapJobsDashboard();
app.MapMetrics();
app.MapSpaAndHealth();

await app.MigrateDatabaseAsync();
await app.EnsureAdminAsync();
await app.SeedDemoDataAsync();
app.UseMessagingJobs();
app.UseConversationJobs();
app.UseBroadcastJobs();
app.UseTemplateLifecycle();
app.UseMessagingTierSync();
app.UseAutomationJobs();
app.UseSessionPruning();

app.Run();

/// <summary>Entry point; public so tests can host the real app with WebApplicationFactory.</summary>
public partial class Program;
