using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Keeps what customers send (implemented by Conversations, which owns the threads; Messaging only hands messages on).
/// </summary>
public interface IInboundStore
{
    /// <summary>
    /// Stores the message in its sender's thread (opening one, for an unknown contact too). Returns false, and changes
    /// nothing, when this provider's message id was stored before: the webhook was a duplicate.
    /// </summary>
    Task<bool> StoreAsync(int providerId, string providerType, InboundMessage message, CancellationToken ct);
}
