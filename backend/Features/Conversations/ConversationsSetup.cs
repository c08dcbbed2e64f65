using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Api.Features.Conversations;

public static class ConversationsSetup
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddScoped<IInboundStore, ConversationInbox>();
        services.AddScoped<IServiceWindows, ServiceWindows>();
        services.AddScoped<ConversationReplies>();
        services.AddScoped<IQuickReplyEscalation, QuickReplyEscalation>();
        return services;
    }
}
