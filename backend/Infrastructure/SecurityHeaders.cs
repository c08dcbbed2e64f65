using Microsoft.Net.Http.Headers;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// The headers every answer carries. The Content-Security-Policy fits the built SPA: scripts only from the app's own
/// files (Vite emits no inline script), styles also inline because Mantine writes its CSS variables into a style element
/// and components set style attributes. The Swagger UI and the Hangfire dashboard run inline scripts of their own, so
/// they get every header but the policy. API answers carry personal data: no cache may keep them.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Pages built by libraries that rely on inline scripts.</summary>
    private static readonly string[] WithoutPolicy = ["/swagger", "/hangfire"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Decided now: the SPA fallback rewrites the path of an unknown address before the answer starts.
        var isApi = http.Request.Path.StartsWithSegments("/api");
        var withPolicy = !WithoutPolicy.Any(p => http.Request.Path.StartsWithSegments(p));
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (withPolicy)
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
            if (isApi)
                headers[HeaderNames.CacheControl] = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
