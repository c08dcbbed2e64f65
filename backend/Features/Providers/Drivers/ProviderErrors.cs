using System.Collections.Frozen;
using System.Globalization;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>One known failure: what it means and what to do about it (fail now, retry later, or record an opt-out).</summary>
/// <param name="Provider">The driver type ("twilio", "vonage", "meta") or <see cref="ProviderErrors.AnyProvider"/> for generic HTTP/network rows.</param>
/// <param name="Code">The code as it appears in <see cref="SendError.Code"/> and in status callbacks, e.g. "21211", "131056", "http_5xx", "timeout".</param>
/// <param name="Kind">Permanent: fail the message. Transient: retry with backoff. OptedOut: fail it and record the opt-out.
/// StoppedMarketing: fail it and end the marketing consent only.</param>
/// <param name="Meaning">Plain English for the dashboard.</param>
/// <param name="RetryAfter">For transient rows with a known pace (Meta pair rate, daily limits): how long to wait when the provider gives no Retry-After.</param>
/// <param name="PausesProvider">Account-wide throttling: the provider is paused for every message (on every instance), not just this one retried later.</param>
/// <param name="MarketingLimit">Meta's per-user marketing limit: not a verdict on the message, which is tried again once,
/// Consent:MarketingLimitRetryAfter later (whether the send or its status callback reported it); a second refusal fails it.</param>
public sealed record ProviderErrorRow(string Provider, string Code, SendErrorKind Kind, string Meaning, TimeSpan? RetryAfter = null, bool PausesProvider = false,
    bool MarketingLimit = false);

/// <summary>
/// The one table that classifies provider failures. The drivers classify send errors with it; the dashboard explains
/// failures (including the error codes of failed status callbacks) with <see cref="Describe"/>.
/// </summary>
public static class ProviderErrors
{
    /// <summary>Provider value of the generic rows (HTTP statuses and network failures shared by all drivers).</summary>
    public const string AnyProvider = "*";

    private const SendErrorKind P = SendErrorKind.Permanent;
    private const SendErrorKind T = SendErrorKind.Transient;
    private const SendErrorKind O = SendErrorKind.OptedOut;
    private const SendErrorKind M = SendErrorKind.StoppedMarketing;

    /// <summary>Every row, generic rows first.</summary>
    public static IReadOnlyList<ProviderErrorRow> Table { get; } =
    [
        // ---- generic: HTTP status without a known provider code, and network failures ----
        new(AnyProvider, "http_429", T, "Too many requests: the provider throttled us. Retried after its Retry-After.", PausesProvider: true),
        new(AnyProvider, "http_5xx", T, "The provider had a server error. Retried with backoff."),
        new(AnyProvider, "http_408", T, "The provider timed out waiting for our request; it was not processed."),
        new(AnyProvider, "http_401", P, "The provider rejected the credentials. Check them in Settings → WhatsApp."),
        new(AnyProvider, "http_403", P, "The provider refused the request for these credentials (permission or account state)."),
        new(AnyProvider, "http_4xx", P, "The provider rejected the request as invalid."),
        new(AnyProvider, "timeout", T, "No answer from the provider in time. If the request had already gone out, the message may have been sent."),
        new(AnyProvider, "connection_failed", T, "Could not connect to the provider; nothing was sent."),
        new(AnyProvider, "dns_failure", T, "The provider's host name could not be resolved; nothing was sent."),
        new(AnyProvider, "tls_failure", T, "The secure connection to the provider failed; nothing was sent."),
        new(AnyProvider, "connection_reset", T, "The connection broke after the request was sent: the message may have been sent."),
        new(AnyProvider, "network_error", T, "A network error interrupted the request."),
        new(AnyProvider, "circuit_open", T, "Too many recent failures at this provider: sending is paused briefly. Nothing was sent."),
        new(AnyProvider, "invalid_response", T, "The provider answered with something we could not read; the message may have been sent."),
        new(AnyProvider, "canceled", T, "The send was cancelled after the request went out: the message may have been sent."),
        new(AnyProvider, "missing_credentials", P, "The provider settings lack a credential this send needs."),
        new(AnyProvider, "invalid_credentials", P, "A credential in the provider settings cannot be used (for example an unreadable private key)."),

        // ---- Twilio (https://www.twilio.com/docs/api/errors) ----
        new("twilio", "20003", P, "Twilio authentication failed: check the Account SID and Auth Token (or API key)."),
        new("twilio", "20429", T, "Too many concurrent requests to Twilio; not processed.", PausesProvider: true),
        new("twilio", "20500", T, "Twilio internal server error."),
        new("twilio", "20503", T, "Twilio is temporarily unavailable."),
        new("twilio", "21211", P, "The 'To' phone number is not valid."),
        new("twilio", "21408", P, "Sending to this region is not enabled on the Twilio account."),
        new("twilio", "21603", P, "No 'From' number or Messaging Service was given."),
        new("twilio", "21604", P, "No 'To' number was given."),
        new("twilio", "21610", O, "The recipient unsubscribed (replied STOP) from this sender."),
        new("twilio", "21614", P, "The 'To' number is not a mobile number that can receive WhatsApp messages."),
        new("twilio", "21619", P, "The message has no body and no template (ContentSid)."),
        new("twilio", "21655", P, "The ContentSid (template id) is not valid."),
        new("twilio", "21656", P, "The template variables (ContentVariables) are not valid."),
        new("twilio", "21701", P, "The Messaging Service SID is not valid."),
        new("twilio", "30036", P, "The message expired in Twilio's queue (validity period) before it could be sent."),
        new("twilio", "63003", P, "The recipient does not have WhatsApp (channel could not find the 'To' address)."),
        new("twilio", "63007", P, "Twilio has no WhatsApp sender for the 'From' address."),
        new("twilio", "63014", O, "The recipient blocked this business on WhatsApp."),
        new("twilio", "63016", P, "Outside the 24-hour customer-service window: only an approved template can be sent."),
        new("twilio", "63018", T, "The WhatsApp sender's rate or messaging tier limit was exceeded.", PausesProvider: true),
        new("twilio", "63021", P, "WhatsApp rejected the message content as invalid."),
        new("twilio", "63024", P, "The recipient is not a valid WhatsApp user."),
        new("twilio", "63038", T, "The account reached its daily message limit; retried much later.", TimeSpan.FromHours(1)),
        new("twilio", "63049", T, "Meta chose not to deliver this marketing message (per-user marketing limit); tried again once, a day later.", TimeSpan.FromHours(24), MarketingLimit: true),

        // ---- Vonage Messages API (https://developer.vonage.com/en/api-errors, /api-errors/messages) ----
        new("vonage", "unauthorized", P, "Vonage rejected the credentials (API key/secret or application JWT)."),
        new("vonage", "forbidden", P, "The Vonage account is not allowed to do this."),
        new("vonage", "invalid-api-key", P, "The Vonage API key does not exist."),
        new("vonage", "account-suspended", P, "The Vonage account is suspended."),
        new("vonage", "low-balance", P, "The Vonage account balance is too low: top it up."),
        new("vonage", "jwt-expired", T, "The application JWT had expired; a fresh one is used on retry."),
        new("vonage", "invalid-params", P, "Vonage rejected one or more request parameters."),
        new("vonage", "bad-request", P, "Vonage could not read the request."),
        new("vonage", "not-found", P, "Vonage has no such resource."),
        new("vonage", "throttled", T, "Vonage throttled the request (too many requests).", PausesProvider: true),
        new("vonage", "internal-error", T, "Vonage internal error."),
        new("vonage", "service-unavailable", T, "Vonage is temporarily unavailable."),
        new("vonage", "1000", T, "Vonage throttled the submission: wait and retry.", PausesProvider: true),
        new("vonage", "1010", P, "Mandatory parameters are missing."),
        new("vonage", "1020", P, "One or more parameters are invalid."),
        new("vonage", "1021", P, "The tag value is invalid."),
        new("vonage", "1022", P, "The template or its parameters are invalid."),
        new("vonage", "1030", T, "Vonage platform error while processing the request."),
        new("vonage", "1040", P, "Vonage could not process the message (for example an unrecognised number prefix)."),
        new("vonage", "1050", P, "The recipient number is barred."),
        new("vonage", "1060", P, "The Vonage account is barred from sending."),
        new("vonage", "1070", P, "The prepaid Vonage account has no credit left."),
        new("vonage", "1100", T, "Communication failure inside Vonage; the message was not submitted."),
        new("vonage", "1120", P, "The sender address was not accepted."),
        new("vonage", "1150", P, "Invalid parameters."),
        new("vonage", "1160", P, "The recipient is not on the account's allowed destination list (sandbox)."),
        new("vonage", "1170", P, "The recipient number is invalid or missing."),
        new("vonage", "1240", P, "Illegal number: the recipient's number may not receive messages (barred or not valid for this route)."),
        new("vonage", "1300", P, "The recipient is not a WhatsApp user."),
        new("vonage", "1320", P, "This message was already sent."),
        new("vonage", "1330", P, "WhatsApp rejected the message for an unknown reason."),
        // Wording not confirmed against Vonage's error page (the stored copy stops at 1170): the detail carries WhatsApp's reason.
        new("vonage", "1331", P, "WhatsApp refused to deliver the message to this recipient; the detail gives WhatsApp's reason."),
        new("vonage", "1340", P, "Outside the 24-hour customer-service window: only an approved template can be sent."),
        new("vonage", "1360", P, "The message expired (TTL) before it could be delivered."),
        new("vonage", "1380", P, "Invalid resource (for example a template that does not exist)."),

        // ---- Meta Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes) ----
        new("meta", "1", T, "Meta API unknown error (usually temporary)."),
        new("meta", "2", T, "Meta API service temporarily unavailable."),
        new("meta", "4", T, "The Meta app hit its API call rate limit.", PausesProvider: true),
        new("meta", "10", P, "Permission denied: the token lacks a permission or the number is not in the app."),
        new("meta", "100", P, "Invalid parameter in the request (for example an empty template parameter)."),
        new("meta", "190", P, "The access token is invalid or expired."),
        new("meta", "200", P, "The token lacks a required permission."),
        new("meta", "368", P, "The account is temporarily blocked for policy violations."),
        new("meta", "80007", T, "The WhatsApp Business Account hit its API rate limit.", PausesProvider: true),
        new("meta", "130429", T, "Cloud API throughput limit for this number was reached.", PausesProvider: true),
        new("meta", "130472", P, "Meta held the message back: the recipient is part of a Meta experiment."),
        new("meta", "131000", T, "Meta: something went wrong (generic, usually temporary)."),
        new("meta", "131005", P, "Access denied for this operation."),
        new("meta", "131008", P, "A required parameter is missing."),
        new("meta", "131009", P, "A parameter value is not valid."),
        new("meta", "131016", T, "A Meta service is temporarily unavailable."),
        new("meta", "131021", P, "The recipient is the sending number itself."),
        new("meta", "131026", P, "The message is undeliverable (no WhatsApp, old app version or terms not accepted)."),
        new("meta", "131031", P, "The WhatsApp Business Account is locked."),
        new("meta", "131042", P, "A payment problem on the WhatsApp Business Account."),
        new("meta", "131045", P, "The phone number's certificate is not valid (registration incomplete)."),
        new("meta", "131047", P, "Outside the 24-hour customer-service window: only an approved template can be sent."),
        new("meta", "131048", P, "Spam rate limit: WhatsApp restricts how many messages this number may send because earlier ones were blocked or reported. Check its quality rating in WhatsApp Manager."),
        new("meta", "131049", T, "Meta did not deliver this marketing message to keep engagement healthy (per-user limit); tried again once, a day later.", TimeSpan.FromHours(24), MarketingLimit: true),
        new("meta", "131050", M, "The recipient stopped marketing messages from this business; service messages (bills) still go."),
        new("meta", "131051", P, "Unsupported message type."),
        new("meta", "131056", T, "Too many messages to this recipient too fast (pair rate limit); wait a few seconds.", TimeSpan.FromSeconds(6)),
        new("meta", "131057", T, "The WhatsApp Business Account is in maintenance mode."),
        new("meta", "132000", P, "The number of template parameters does not match the template."),
        new("meta", "132001", P, "The template does not exist in this language (or is not approved)."),
        new("meta", "132005", P, "The filled-in template text is too long."),
        new("meta", "132007", P, "The template content breaks a WhatsApp policy."),
        new("meta", "132012", P, "A template parameter has the wrong format."),
        new("meta", "132015", P, "The template is paused for low quality."),
        new("meta", "132016", P, "The template is disabled."),
        new("meta", "133004", T, "Meta server temporarily unavailable."),
        new("meta", "133010", P, "The sending phone number is not registered with the Cloud API."),
        new("meta", "135000", P, "Generic user error from Meta."),
    ];

    private static readonly FrozenDictionary<string, ProviderErrorRow> ByKey =
        Table.ToFrozenDictionary(r => Key(r.Provider, r.Code), StringComparer.OrdinalIgnoreCase);

    private static string Key(string provider, string code) => provider + "\u001f" + code;

    /// <summary>
    /// The row explaining <paramref name="code"/> for a provider: its own row first, then a generic one
    /// ("http_503" falls back to "http_5xx", other "http_4nn" to "http_4xx"). Null when the code is unknown.
    /// </summary>
    public static ProviderErrorRow? Describe(string providerType, string code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        if (ByKey.TryGetValue(Key(providerType, code), out var row)) return row;
        if (ByKey.TryGetValue(Key(AnyProvider, code), out row)) return row;
        if (code.Length == 8 && code.StartsWith("http_", StringComparison.Ordinal))
        {
            if (code[5] == '5') return ByKey[Key(AnyProvider, "http_5xx")];
            if (code[5] == '4') return ByKey[Key(AnyProvider, "http_4xx")];
        }
        return null;
    }

    /// <summary>
    /// Whether the failure pauses the provider for everyone (its row says so), rather than only delaying this message:
    /// a per-recipient pace such as Meta's 131056 does not.
    /// </summary>
    public static bool PausesProvider(string providerType, SendError error) =>
        error.Kind == T && Describe(providerType, error.Code) is { PausesProvider: true };

    /// <summary>The generic row for an HTTP status without a known provider code.</summary>
    public static ProviderErrorRow ForHttpStatus(int status) =>
        Describe(AnyProvider, HttpCode(status)) ?? ByKey[Key(AnyProvider, status >= 500 ? "http_5xx" : "http_4xx")];

    /// <summary>"http_503" and the like.</summary>
    public static string HttpCode(int status) => "http_" + status.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Classifies an error answer. A known provider code decides the kind; otherwise the HTTP status does
    /// (429, 408 and 5xx transient; 401, 403 and other 4xx permanent). <paramref name="providerTransient"/> is a
    /// provider's own "retry me" flag (Meta's is_transient) for codes the table does not know.
    /// </summary>
    public static SendError Classify(string providerType, int httpStatus, string? providerCode, string? providerMessage,
        TimeSpan? retryAfter, bool? providerTransient = null)
    {
        var row = providerCode is null ? null : Describe(providerType, providerCode);
        if (row is not null && row.Provider == AnyProvider) row = null; // a provider code that happens to look generic
        var httpRow = row is null ? ForHttpStatus(httpStatus) : null;
        var kind = row?.Kind ?? (providerTransient == true && httpStatus is >= 400 and < 500 and not 401 and not 403 ? T : httpRow!.Kind);
        var code = providerCode ?? HttpCode(httpStatus);
        var message = string.IsNullOrWhiteSpace(providerMessage) ? (row ?? httpRow)!.Meaning : providerMessage;
        return new SendError(kind, code, message, kind == T ? retryAfter ?? row?.RetryAfter : null);
    }

    /// <summary>A failure without an answer (timeout, reset, refused…), with whether the request may have reached the provider.</summary>
    public static SendError Network(string code, bool mayHaveBeenDelivered, string? detail = null, TimeSpan? retryAfter = null)
    {
        var row = Describe(AnyProvider, code);
        var message = detail is null ? row?.Meaning ?? code : $"{row?.Meaning ?? code} ({detail})";
        return new SendError(row?.Kind ?? T, code, message, retryAfter) { MayHaveBeenDelivered = mayHaveBeenDelivered };
    }

    /// <summary>A problem with the stored credentials found before anything was sent.</summary>
    public static SendError Configuration(string code, string message) => new(P, code, message);
}
