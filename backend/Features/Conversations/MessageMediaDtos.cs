using WhatsApp.Api.Features.Media;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// A file in the thread. Inbound: what the app kept of what the customer sent (<c>Url</c> serves it to staff once
/// <c>State</c> is Stored; otherwise <c>Reason</c> says why not, or what is being retried). Outbound: a reply's
/// attachment, always Stored, <c>Url</c> a signed link.
/// </summary>
public record MessageMediaDto(MediaKind Kind, InboundMediaState State, string? ContentType, long? Size, string? FileName, string? Url, string? Reason);
