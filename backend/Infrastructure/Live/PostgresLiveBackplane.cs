using System.Text.Json;
using System.Threading.Channels;
using Npgsql;

namespace WhatsApp.Api.Infrastructure.Live;

/// <summary>
/// Live events across instances on one PostgreSQL database: each instance NOTIFYs its events on one channel and LISTENs
/// to it on a connection of its own, handing the others' events to its streams (its own it delivered already). Events
/// are batched into one round trip; a lost LISTEN connection is opened again and its streams told to resync, since
/// whatever was notified meanwhile is gone.
/// </summary>
public sealed class PostgresLiveBackplane(string connectionString, LiveSubscribers local, ILogger<PostgresLiveBackplane> logger)
    : BackgroundService, ILiveBackplane
{
    public const string Channel = "whatsapp_live";
    private const int MaxBatch = 200;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Tells this instance's own notifications, which come back to it, from the others'.</summary>
    private readonly string _instance = Guid.NewGuid().ToString("N");

    private readonly Channel<LiveEvent> _outgoing = System.Threading.Channels.Channel.CreateBounded<LiveEvent>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Set once LISTEN is in place; tests wait for it before publishing from another instance.</summary>
    public Task Listening => _listening.Task;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Wire(string I, string T, long? D);

    public void Send(LiveEvent e) => _outgoing.Writer.TryWrite(e);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), NotifyAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken ct)
    {
        // Keepalive: a connection that silently died (a restarted server, a dropped NAT entry) errors instead of waiting forever.
        var listenString = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false }.ToString();
        var lost = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, n) => Receive(n.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                _listening.TrySetResult();
                if (lost)
                {
                    local.Deliver(new LiveEvent(LiveEventTypes.Resync));
                    logger.LogInformation("Listening to other instances' live events again.");
                    lost = false;
                }
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                lost = true;
                logger.LogWarning(ex, "Lost the LISTEN connection for live events; trying again in {Delay}.", RetryAfter);
                try { await Task.Delay(RetryAfter, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            if (JsonSerializer.Deserialize<Wire>(payload) is { } wire && wire.I != _instance)
                local.Deliver(new LiveEvent(wire.T, wire.D));
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignored a malformed live event on channel {Channel}.", Channel);
        }
    }

    private async Task NotifyAsync(CancellationToken ct)
    {
        var batch = new List<string>(MaxBatch);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _outgoing.Reader.TryRead(out var e))
                    batch.Add(JsonSerializer.Serialize(new Wire(_instance, e.Type, e.Id)));
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(ct);
                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, p) FROM unnest(@payloads) AS p", connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("payloads", batch.ToArray());
                    await notify.ExecuteNonQueryAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Best effort: the other instances' browsers miss these and catch up on their next reload or event.
                    logger.LogWarning(ex, "Could not pass {Count} live event(s) to the other instances.", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
