namespace WhatsApp.Api.Features.Support;

public static class SupportSetup
{
    public static IServiceCollection AddSupport(this IServiceCollection services) => services.AddScoped<TicketDesk>();
}
