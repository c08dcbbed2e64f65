namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Tunables of the drivers' HTTP clients; bound with <c>AddWhatsAppDrivers(o => …)</c> or options configuration.</summary>
public sealed class WhatsAppDriverOptions
{
    /// <summary>How long one send POST may take before it is abandoned (it is never retried by the HTTP layer).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections per provider host; must cover the send concurrency (~64) plus template/test calls.</summary>
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>Templates asked for per page (Twilio PageSize, Meta limit).</summary>
    public int TemplatePageSize { get; set; } = 100;
}
