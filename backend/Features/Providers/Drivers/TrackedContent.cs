using System.Net;
using System.Net.Http.Headers;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// A request body that notes when the handler starts writing it. A failure before that point cannot have reached the
/// provider; after it, the provider may have the whole request — which decides <see cref="SendError.MayHaveBeenDelivered"/>.
/// </summary>
internal sealed class TrackedContent : ByteArrayContent
{
    private volatile bool _started;

    public TrackedContent(byte[] content, int offset, int count, MediaTypeHeaderValue? contentType) : base(content, offset, count) =>
        Headers.ContentType = contentType;

    public bool Started => _started;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _started = true;
        return base.SerializeToStreamAsync(stream, context);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _started = true;
        return base.SerializeToStreamAsync(stream, context, cancellationToken);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _started = true;
        base.SerializeToStream(stream, context, cancellationToken);
    }
}
