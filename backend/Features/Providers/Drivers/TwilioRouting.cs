namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// The outermost handler of the Twilio clients, between the SDK and the resilience pipeline. For the open
/// <see cref="TwilioCall"/>: moves Twilio's hosts (api.twilio.com, content.twilio.com, regional and edge ones) onto the
/// base-URL override, keeping path and query, so tests and the demo reach the fake provider; passes the caller's
/// cancellation on; tracks the request body so a failure says whether the send may have reached Twilio; and notes
/// the answer's status and Retry-After. Credentials go to Twilio's hosts or the configured base URL only.
/// </summary>
internal sealed class TwilioRouting : DelegatingHandler
{
    private const string TwilioDomain = "twilio.com";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = TwilioCall.Current ?? throw new InvalidOperationException("Twilio requests are made inside a TwilioCall.");
        var uri = request.RequestUri!;
        if (!IsTwilioHost(uri.Host)) throw new HttpRequestException($"Refusing to send Twilio credentials to {uri.Host}.");
        if (call.BaseUrl is { } baseUrl) request.RequestUri = new Uri(baseUrl + uri.PathAndQuery);
        if (request.Content is { } content)
            request.Content = call.Track(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), content.Headers.ContentType);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.Cancellation);
        var response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        call.Answered(response);
        return response;
    }

    private static bool IsTwilioHost(string host) =>
        host.EndsWith("." + TwilioDomain, StringComparison.OrdinalIgnoreCase) || host.Equals(TwilioDomain, StringComparison.OrdinalIgnoreCase);
}
