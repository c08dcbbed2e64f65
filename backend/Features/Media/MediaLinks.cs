using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Media;

/// <summary>
/// What a media link serves: a <see cref="Kind"/> that names the <see cref="IMediaSource"/> (<c>bill-pdf</c>, <c>upload</c>)
/// and that source's own key for the file (a bill id, an upload id).
/// </summary>
public sealed record MediaRef(string Kind, string Key);

/// <summary>A media link as handed out: the absolute URL and when it stops working.</summary>
public sealed record MediaLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Signed, expiring public links to files a WhatsApp provider must fetch itself (a bill's PDF in a document header, an
/// uploaded header image): <c>{App:PublicBaseUrl}/media/{token}</c>. The token is the <see cref="MediaRef"/> sealed with
/// Data Protection's time-limited protector (authenticated encryption with the expiry inside), so it can't be guessed,
/// altered or listed, and every instance sharing the key ring reads it. Lifetime: <c>Media:LinkLifetime</c> (7 days).
/// </summary>
public sealed class MediaLinks(IDataProtectionProvider dataProtection, PublicUrls urls, IOptions<MediaOptions> options, TimeProvider clock)
{
    public const string PathPrefix = "/media/";
    private const int MaxTokenLength = 1024;

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("WhatsApp.Media.v1").ToTimeLimitedDataProtector();

    /// <summary>A fresh link to <paramref name="media"/>, valid for the configured lifetime from now.</summary>
    public MediaLink Create(MediaRef media)
    {
        if (media.Kind.Contains('\n') || media.Key.Contains('\n')) throw new ArgumentException("A media kind or key has no line breaks.", nameof(media));
        var expiresAt = clock.GetUtcNow() + options.Value.LinkLifetime;
        var sealedRef = _protector.Protect(Encoding.UTF8.GetBytes($"{media.Kind}\n{media.Key}"), expiresAt);
        return new MediaLink(urls.For(PathPrefix + WebEncoders.Base64UrlEncode(sealedRef)), expiresAt);
    }

    /// <summary>Just the URL of <see cref="Create"/>.</summary>
    public string UrlFor(MediaRef media) => Create(media).Url;

    /// <summary>What the token names, or null when it was not issued here, was altered, or has expired.</summary>
    public MediaRef? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) return null;
        try
        {
            var text = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token), out var expiresAt));
            // Data Protection checks the expiry against the system clock; the app's clock decides too, so tests can age links.
            if (expiresAt <= clock.GetUtcNow()) return null;
            var parts = text.Split('\n');
            return parts.Length == 2 ? new MediaRef(parts[0], parts[1]) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
