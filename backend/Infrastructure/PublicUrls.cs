namespace WhatsApp.Api.Infrastructure;

/// <summary>Absolute addresses of this application as the outside world reaches it (App:PublicBaseUrl): webhooks, unsubscribe links, the portal.</summary>
public sealed class PublicUrls(IConfiguration configuration)
{
    public string BaseUrl => (configuration["App:PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/');

    public string For(string pathAndQuery) => BaseUrl + pathAndQuery;
}
