using Microsoft.AspNetCore.Authentication;

namespace WhatsApp.Api.Features.ApiKeys;

public static class ApiKeysSetup
{
    /// <summary>The ApiKey scheme beside the sign-in schemes, and the policy endpoints for other systems require.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyDefaults.Policy, p => p
            .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
            .RequireAuthenticatedUser());
        return services;
    }
}
