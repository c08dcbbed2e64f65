namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Inbound media: Twilio's MediaUrl{N}, fetched with HTTP Basic (the API key or the Account SID and Auth Token).</summary>
public sealed partial class TwilioDriver
{
    private const string TwilioApiOrigin = "https://api.twilio.com";

    /// <summary>
    /// GET on the MediaUrl with Basic auth; Twilio answers with a redirect to a short-lived signed URL, which is followed
    /// without the credentials. With a base URL override, Twilio's hosts are moved onto it as for sends.
    /// </summary>
    public Task<MediaFetchResult> FetchMediaAsync(ProviderContext context, string mediaRef, CancellationToken ct)
    {
        if (SendLogin(context.Credentials) is not { } login)
            return Task.FromResult(MediaFetchResult.Failed(false, "missing_credentials", "Set the Twilio Auth Token or an API key and secret."));
        if (!MediaDownloads.IsProviderUrl(mediaRef, context.BaseUrl, "twilio.com")) return Task.FromResult(MediaDownloads.NotProviderUrl(DisplayName));
        var url = context.BaseUrl is not null && MediaDownloads.IsProviderUrl(mediaRef, null, "twilio.com")
            ? DriverHttp.Rebase(context.BaseUrl, TwilioApiOrigin, mediaRef)
            : mediaRef;
        return MediaDownloads.GetAsync(httpClientFactory, url, AuthHeaders.Basic(login.User, login.Secret), DisplayName, ct);
    }
}
