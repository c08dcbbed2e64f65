namespace WhatsApp.Api.Features.Customers;

public static class CustomersSetup
{
    public static IServiceCollection AddCustomers(this IServiceCollection services) => services
        .AddSingleton<PhoneNumberNormalizer>()
        .AddScoped<ConsentService>()
        .AddScoped<CustomerImporter>()
        .AddSingleton<UnsubscribeLinks>()
        .AddSingleton<CustomerFields>()
        .AddSingleton<CustomerClock>();
}
