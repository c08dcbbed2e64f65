namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// The drivers' log lines, source-generated so a send costs nothing when they are off. Every failed send goes through
/// <see cref="Failed"/>, so each driver logs its failures the same way, once.
/// </summary>
internal static partial class DriverLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "{Provider} send of message {MessageId} failed: {Kind} {Code}.")]
    public static partial void SendFailed(ILogger logger, string provider, long messageId, SendErrorKind kind, string code);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "{Provider} send of message {MessageId} failed after the request went out ({Code}): it may have been delivered; do not resend blindly.")]
    public static partial void MayHaveBeenDelivered(ILogger logger, string provider, long messageId, string code);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "{Provider} answered {Status} to a send with a body we could not read: {Body}")]
    public static partial void UnreadableAnswer(ILogger logger, string provider, int status, string body);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "{Provider} webhook for provider {ProviderId} rejected: {Reason}.")]
    public static partial void WebhookRejected(ILogger logger, string provider, int providerId, string reason);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "{Provider} webhook body could not be parsed: {Error}")]
    public static partial void WebhookUnparseable(ILogger logger, string provider, string error);

    /// <summary>Logs a send failure: a warning when it may have been delivered (a resend could duplicate), else debug.</summary>
    public static void Failure(ILogger logger, string provider, long messageId, SendError error)
    {
        if (error.MayHaveBeenDelivered) MayHaveBeenDelivered(logger, provider, messageId, error.Code);
        else SendFailed(logger, provider, messageId, error.Kind, error.Code);
    }

    /// <summary>Logs the failure and returns it as the send's result.</summary>
    public static SendResult Failed(ILogger logger, string provider, long messageId, SendError error)
    {
        Failure(logger, provider, messageId, error);
        return SendResult.Failed(error);
    }

    /// <summary>
    /// A success status whose body lacks the message id (<paramref name="missing"/>): the provider may have taken the
    /// message, so it is an "invalid_response" that may have been delivered.
    /// </summary>
    public static SendResult Unreadable(ILogger logger, string provider, long messageId, int status, string missing)
    {
        UnreadableAnswer(logger, provider, status, missing);
        return Failed(logger, provider, messageId,
            ProviderErrors.Network("invalid_response", mayHaveBeenDelivered: true, detail: $"HTTP {status}, {missing}"));
    }
}
