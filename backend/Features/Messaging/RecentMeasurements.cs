using System.Diagnostics.Metrics;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The last <see cref="Window"/> of the messaging meter's own instruments, read back through a <see cref="MeterListener"/>:
/// the Overview's loop health shows exactly what /metrics and OTLP export, from the same measurements. Per instance (as a
/// scrape of this instance is). Histograms keep counts in exponential buckets per 10-second slot, so memory is fixed
/// however many callbacks a second arrive, and percentiles are accurate to a bucket (a factor of 2).
/// </summary>
public sealed class RecentMeasurements : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const int SlotSeconds = 10;
    private static readonly int Slots = (int)(Window.TotalSeconds / SlotSeconds);
    /// <summary>Bucket upper bounds: 0.5 ms doubling to about 9 minutes.</summary>
    private static readonly double[] Bounds = Enumerable.Range(0, 21).Select(k => 0.0005 * Math.Pow(2, k)).ToArray();

    private readonly TimeProvider _clock;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    /// <summary>Per instrument (and provider tag): per slot, the slot's number, its count, its sum and its bucket counts.</summary>
    private readonly Dictionary<(string Instrument, string? Provider), (long Slot, long Count, double Sum, long[] Buckets)[]> _series = [];

    public RecentMeasurements(Meter meter, TimeProvider clock)
    {
        _clock = clock;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, Provider(tags), value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, Provider(tags), value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument.Name, Provider(tags), value));
        _listener.Start();
    }

    private static string? Provider(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags) if (tag.Key == "provider") return tag.Value as string;
        return null;
    }

    private long SlotNow() => _clock.GetUtcNow().ToUnixTimeSeconds() / SlotSeconds;

    private void Record(string instrument, string? provider, double value)
    {
        var slot = SlotNow();
        lock (_lock)
        {
            if (!_series.TryGetValue((instrument, provider), out var ring)) _series[(instrument, provider)] = ring = new (long, long, double, long[])[Slots];
            ref var entry = ref ring[slot % Slots];
            if (entry.Slot != slot) entry = (slot, 0, 0, new long[Bounds.Length + 1]);
            entry.Count++;
            entry.Sum += value;
            var bucket = Array.BinarySearch(Bounds, value);
            entry.Buckets[bucket < 0 ? ~bucket : bucket]++;
        }
    }

    /// <summary>Count, sum and the bucket counts of one instrument over the window, all providers or one.</summary>
    public Summary Of(string instrument, string? provider = null)
    {
        var oldest = SlotNow() - Slots + 1;
        var buckets = new long[Bounds.Length + 1];
        long count = 0;
        double sum = 0;
        lock (_lock)
            foreach (var ((name, p), ring) in _series)
            {
                if (name != instrument || (provider is not null && p != provider)) continue;
                foreach (var entry in ring.Where(e => e.Slot >= oldest && e.Buckets is not null))
                {
                    (count, sum) = (count + entry.Count, sum + entry.Sum);
                    for (var i = 0; i < buckets.Length; i++) buckets[i] += entry.Buckets[i];
                }
            }
        return new Summary(count, sum, buckets);
    }

    /// <summary>Providers seen on an instrument within the window.</summary>
    public IReadOnlyList<string> ProvidersOf(string instrument)
    {
        lock (_lock) return _series.Keys.Where(k => k.Instrument == instrument && k.Provider is not null).Select(k => k.Provider!).Distinct().Order().ToList();
    }

    public sealed record Summary(long Count, double Sum, long[] Buckets)
    {
        /// <summary>The upper bound of the bucket holding the <paramref name="p"/>-th percentile; null when nothing was measured.</summary>
        public double? Percentile(double p)
        {
            if (Count == 0) return null;
            var rank = (long)Math.Ceiling(p / 100 * Count);
            long seen = 0;
            for (var i = 0; i < Buckets.Length; i++)
                if ((seen += Buckets[i]) >= rank) return i < Bounds.Length ? Bounds[i] : double.PositiveInfinity;
            return null;
        }
    }

    public void Dispose() => _listener.Dispose();
}
