using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>A browser's live channel, read over real HTTP: <c>GET /api/live</c> parsed as server-sent events.</summary>
public sealed class LiveStream : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<LiveEvent> _events = Channel.CreateUnbounded<LiveEvent>();
    private readonly Task _reading;

    private LiveStream(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Opens the stream and waits for its first (ping) event, so the subscription is in place before anything is published.</summary>
    public static async Task<LiveStream> OpenAsync(HttpClient client)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/live"), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        // Reverse proxies (nginx) pass events on at once instead of buffering them.
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        var stream = new LiveStream(response);
        await stream.NextAsync(e => e.Type == LiveEventTypes.Ping);
        return stream;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                var e = JsonSerializer.Deserialize<LiveEvent>(item.Data, Json)!;
                Assert.Equal(item.EventType, e.Type);
                await _events.Writer.WriteAsync(e);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException) { }
        finally { _events.Writer.TryComplete(); }
    }

    /// <summary>The next event that matches, skipping others; fails after <paramref name="seconds"/>.</summary>
    public async Task<LiveEvent> NextAsync(Func<LiveEvent, bool> match, int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var seen = new List<LiveEvent>();
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(timeout.Token);
                if (match(e)) return e;
                seen.Add(e);
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No matching live event within {seconds} s; saw: {string.Join(", ", seen)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
