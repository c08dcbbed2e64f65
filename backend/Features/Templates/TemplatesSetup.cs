namespace WhatsApp.Api.Features.Templates;

public static class TemplatesSetup
{
    public static IServiceCollection AddTemplates(this IServiceCollection services) => services.AddScoped<TemplateSync>();
}
