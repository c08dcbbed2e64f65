using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> are believed only from the proxies in <c>App:TrustedProxies</c>
/// (addresses, or networks such as <c>10.0.0.0/8</c>). With none configured, none are believed, not even from loopback
/// (ASP.NET Core's default): otherwise anyone could forge a client address and escape the sign-in limit, or an https
/// scheme. One proxy hop is taken from the header.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var entries = configuration.GetSection("App:TrustedProxies").Get<string[]>()
            ?? configuration["App:TrustedProxies"]?.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network)) o.KnownIPNetworks.Add(network);
                else if (IPAddress.TryParse(entry, out var address)) o.KnownProxies.Add(address);
                else throw new InvalidOperationException($"App:TrustedProxies: '{entry}' is neither an IP address nor a network (CIDR).");
            }
            // With no known proxy the middleware would believe every sender; so then it believes none.
            o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        });
        return services;
    }
}
