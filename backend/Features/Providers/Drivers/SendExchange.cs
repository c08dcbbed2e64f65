using System.Net.Http.Headers;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>A provider's error answer as the error table reads it: its code, its message and its own "retry me" flag.</summary>
internal readonly record struct ProviderFault(string? Code, string? Message, bool? Transient = null);

/// <summary>How one provider's send answers read: the message id of an accepted send, the fault of a refused one.</summary>
/// <param name="Provider">The driver type, as the error table and the log name it.</param>
/// <param name="IdName">Where the id should have been, for the log when it is missing ("messages[0].id").</param>
/// <summary>
/// How a provider answers a send. <paramref name="AcceptedStatus"/>, when the answer carries one, reads the provider's
/// status of the accepted message, which <see cref="ProviderStatuses"/> maps; one that is not its plain "accepted"
/// (Meta's <c>held_for_quality_assessment</c>, <c>paused</c>) gives the result its meaning as a note.
/// </summary>
internal sealed record SendAnswerShape(string Provider, string IdName, Func<JsonElement, string?> AcceptedId, Func<JsonElement, ProviderFault> Fault,
    Func<JsonElement, string?>? AcceptedStatus = null);

/// <summary>One send request: the message it carries, where it goes, its credentials and its body (the first <paramref name="Length"/> bytes).</summary>
internal readonly record struct SendPost(long MessageId, string Url, AuthenticationHeaderValue Auth, byte[] Body, int Length, MediaTypeHeaderValue ContentType);

/// <summary>
/// One send POST, the same way for every driver that posts its own requests: post on the send client (never retried),
/// read the answer, classify a failure with <see cref="ProviderErrors"/> and log it through <see cref="DriverLog"/>.
/// </summary>
internal static class SendExchange
{
    /// <summary>
    /// Posts <paramref name="post"/> and reads the answer with <paramref name="shape"/>. Never throws for provider or
    /// network failures; caller cancellation before anything was sent throws <see cref="OperationCanceledException"/>.
    /// Also returns the HTTP status of an answer (null when none came), for drivers that react to one (Vonage forgets
    /// a refused JWT).
    /// </summary>
    public static async Task<(SendResult Result, int? HttpStatus)> PostSendAsync(this IHttpClientFactory factory, SendPost post,
        SendAnswerShape shape, ILogger logger, TimeProvider clock, CancellationToken ct)
    {
        var (provider, messageId) = (shape.Provider, post.MessageId);
        using var content = new TrackedContent(post.Body, 0, post.Length, post.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, post.Url) { Content = content };
        request.Headers.Authorization = post.Auth;

        HttpResponseMessage response;
        try
        {
            response = await factory.CreateClient(DriverHttp.SendClient)
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (NetworkFailure(e, content.Started, ct) is { } failure)
        {
            return (DriverLog.Failed(logger, provider, messageId, failure), null);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            using var json = await DriverJson.ReadAsync(response, ct).ConfigureAwait(false);
            var root = json?.RootElement ?? default;
            if (response.IsSuccessStatusCode)
            {
                return shape.AcceptedId(root) is { Length: > 0 } id
                    ? (Accepted(shape, root, id), status)
                    : (DriverLog.Unreadable(logger, provider, messageId, status, json is null ? "not JSON" : "without " + shape.IdName), status);
            }
            var fault = shape.Fault(root);
            var error = ProviderErrors.Classify(provider, status, fault.Code, fault.Message, DriverHttp.RetryAfter(response, clock), fault.Transient);
            return (DriverLog.Failed(logger, provider, messageId, error), status);
        }
    }

    private static SendResult Accepted(SendAnswerShape shape, JsonElement root, string id) =>
        ProviderStatuses.Describe(shape.Provider, shape.AcceptedStatus?.Invoke(root)) is { } row
            ? SendResult.Accepted(id, row.Status) with { Note = row.Raw == "accepted" ? null : $"{row.Raw}: {row.Meaning}" }
            : SendResult.Accepted(id);

    /// <summary>
    /// The failure an exception of the HTTP stack stands for, with whether the request may have reached the provider
    /// (<paramref name="requestStarted"/>: its body had begun to go out). Null for an exception that is not a send
    /// failure — above all the caller's cancellation before anything was sent — which the caller lets through.
    /// </summary>
    public static SendError? NetworkFailure(Exception e, bool requestStarted, CancellationToken ct) => e switch
    {
        // After the body went out a cancelled send may have arrived: a failure the job layer must not resend blindly.
        OperationCanceledException when ct.IsCancellationRequested =>
            requestStarted ? ProviderErrors.Network("canceled", mayHaveBeenDelivered: true) : null,
        TimeoutRejectedException => ProviderErrors.Network("timeout", requestStarted),
        // HttpClient.Timeout, should the Polly timeout be configured longer than it.
        TaskCanceledException { InnerException: TimeoutException } => ProviderErrors.Network("timeout", requestStarted),
        BrokenCircuitException b => ProviderErrors.Network("circuit_open", mayHaveBeenDelivered: false,
            retryAfter: DriverHttp.CircuitBreakDuration, detail: b.Message),
        HttpRequestException h => ConnectionFailure(h, requestStarted),
        _ => null,
    };

    private static SendError ConnectionFailure(HttpRequestException e, bool requestStarted)
    {
        var code = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "dns_failure",
            HttpRequestError.ConnectionError when !requestStarted => "connection_failed",
            HttpRequestError.SecureConnectionError => "tls_failure",
            _ => requestStarted ? "connection_reset" : "network_error",
        };
        var before = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
        return ProviderErrors.Network(code, mayHaveBeenDelivered: requestStarted && !before, detail: e.HttpRequestError.ToString());
    }
}
