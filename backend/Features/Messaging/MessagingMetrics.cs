using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The messaging loop's own numbers, on the meter <see cref="MeterName"/> (exported by <c>AddTelemetry</c>: Prometheus
/// at /metrics, OTLP). Names follow OpenTelemetry's conventions; Prometheus shows the dots as underscores with the unit
/// and <c>_total</c> appended (<c>whatsapp_messages_sent_total</c>, <c>whatsapp_provider_send_duration_seconds</c>).
/// Tags: <c>provider</c> is the provider's type (twilio, vonage, meta), <c>reason</c> our error code (a short, closed set).
/// The outbox gauges ask the database at most once per <see cref="GaugeCacheFor"/> however often they are read.
/// </summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "WhatsApp.Api";
    /// <summary>Instruments the Overview reads back (<see cref="Recent"/>).</summary>
    public const string SentName = "whatsapp.messages.sent";
    public const string CallbacksName = "whatsapp.callbacks.received";
    public const string ApplyLagName = "whatsapp.callbacks.apply_lag";
    public const string ThrottleWaitName = "whatsapp.throttle.wait";
    public const string ProviderLatencyName = "whatsapp.provider.send.duration";
    private static readonly TimeSpan GaugeCacheFor = TimeSpan.FromSeconds(5);

    private readonly Counter<long> _queued, _sent, _failed, _retried, _callbacks;
    private readonly Histogram<double> _providerLatency, _throttleWait, _callbackLag;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Lock _snapshotLock = new();
    private (long At, int Depth, double OldestDueAgeSeconds)? _snapshot;

    public MessagingMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        (_scopes, _clock) = (scopes, clock);
        var meter = meters.Create(MeterName);
        _queued = meter.CreateCounter<long>("whatsapp.messages.queued", "{message}", "Messages written to the outbox, by source and provider.");
        _sent = meter.CreateCounter<long>(SentName, "{message}", "Messages a provider accepted, by provider.");
        _failed = meter.CreateCounter<long>("whatsapp.messages.failed", "{message}", "Messages that failed for good (or were canceled), by provider and reason.");
        _retried = meter.CreateCounter<long>("whatsapp.messages.retried", "{message}", "Transient failures sent back to the queue for another attempt, by provider and reason.");
        _callbacks = meter.CreateCounter<long>(CallbacksName, "{callback}", "Signed webhook events taken, by provider and kind (status, inbound).");
        _callbackLag = meter.CreateHistogram<double>(ApplyLagName, "s", "From a status callback's arrival to its commit (group commit included).");
        _throttleWait = meter.CreateHistogram<double>(ThrottleWaitName, "s", "Time a send waited for its provider's messages-per-second slot.");
        _providerLatency = meter.CreateHistogram<double>(ProviderLatencyName, "s", "A provider's answer time to one send, by provider and outcome.");
        meter.CreateObservableGauge("whatsapp.outbox.depth", () => Snapshot().Depth, "{message}", "Messages waiting in the outbox (queued), due or not.");
        meter.CreateObservableGauge("whatsapp.outbox.oldest_due_age", () => Snapshot().OldestDueAgeSeconds, "s",
            "How long the oldest due message has waited past its due time; 0 when nothing is due.");
        Recent = new RecentMeasurements(meter, clock);
    }

    /// <summary>The last minutes of these instruments, as the Overview's loop health reads them.</summary>
    public RecentMeasurements Recent { get; }

    /// <summary>The outbox now (cached as the gauges are): queued messages and the oldest due one's wait in seconds.</summary>
    public (int Depth, double OldestDueAgeSeconds) Outbox()
    {
        var snapshot = Snapshot();
        return (snapshot.Depth, snapshot.OldestDueAgeSeconds);
    }

    public void Queued(MessageSource source, string? provider, int count = 1)
    {
        if (count > 0) _queued.Add(count, new("source", source.ToString().ToLowerInvariant()), new("provider", provider ?? "none"));
    }

    public void Sent(string? provider, int count) => _sent.Add(count, new KeyValuePair<string, object?>("provider", provider ?? "none"));

    public void Failed(string? provider, string reason) => _failed.Add(1, new("provider", provider ?? "none"), new("reason", reason));

    public void Retried(string? provider, string reason) => _retried.Add(1, new("provider", provider ?? "none"), new("reason", reason));

    public void CallbacksReceived(string provider, string kind, int count)
    {
        if (count > 0) _callbacks.Add(count, new("provider", provider), new("kind", kind));
    }

    public void CallbackApplied(TimeSpan lag) => _callbackLag.Record(lag.TotalSeconds);

    public void ThrottleWaited(string provider, TimeSpan waited) => _throttleWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    public void ProviderAnswered(string provider, SendError? error, TimeSpan took) =>
        _providerLatency.Record(took.TotalSeconds, new("provider", provider), new("outcome", error is null ? "accepted" : error.Kind.ToString().ToLowerInvariant()));

    /// <summary>The outbox's depth and its oldest due message's age, from the database at most every few seconds.</summary>
    private (long At, int Depth, double OldestDueAgeSeconds) Snapshot()
    {
        lock (_snapshotLock)
        {
            if (_snapshot is { } cached && _clock.GetElapsedTime(cached.At) < GaugeCacheFor) return cached;
            try
            {
                using var scope = _scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var now = _clock.GetUtcNow().UtcDateTime;
                // Both on the outbox's index of queued rows: its count and its first entry.
                var queued = db.Set<WhatsAppMessage>().Where(m => m.Status == MessageStatus.Queued);
                var depth = queued.Count();
                var oldestDue = queued.Where(m => m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt).Select(m => (DateTime?)m.NextAttemptAt).FirstOrDefault();
                _snapshot = (_clock.GetTimestamp(), depth, oldestDue is { } due ? (now - due).TotalSeconds : 0);
            }
            catch (Exception) when (_snapshot is not null)
            {
                // A scrape during a database hiccup reports the last numbers rather than failing the whole export.
            }
            return _snapshot ?? (_clock.GetTimestamp(), 0, 0);
        }
    }

    /// <summary>Measures an interval with the app's clock.</summary>
    public long Start() => _clock.GetTimestamp();

    public TimeSpan Since(long started) => _clock.GetElapsedTime(started);
}
