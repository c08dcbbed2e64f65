using Hangfire;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Api.Features.Conversations;

public static class ConversationsSetup
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddScoped<IInboundStore, ConversationInbox>();
        services.AddScoped<IServiceWindows, ServiceWindows>();
        services.AddScoped<ConversationReplies>();
        services.AddScoped<InboundMediaDownloads>();
        services.AddScoped<ReplyAttachments>();
        services.AddScoped<ConversationLinks>();
        services.AddScoped<IQuickReplyEscalation, QuickReplyEscalation>();
        return services;
    }

    /// <summary>The recovery pass for customers' files still to fetch: every minute, and once at start-up.</summary>
    public static WebApplication UseConversationJobs(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<InboundMediaDownloads>("inbound-media-recovery", d => d.RecoverAsync(CancellationToken.None), Cron.Minutely());
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<InboundMediaDownloads>(d => d.RecoverAsync(CancellationToken.None)));
        return app;
    }
}
