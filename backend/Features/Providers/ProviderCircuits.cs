using System.Collections.Concurrent;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Providers;

/// <summary>
/// This instance's view of each provider's send circuit: open while the driver's circuit breaker refuses sends
/// (it answers "circuit_open"), closed again at the first success. The breaker itself lives in the HTTP pipeline
/// and cannot be asked; its refusals are the signal. Failover and the health card read it.
/// </summary>
public sealed class ProviderCircuits(TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, long> _openUntil = new();

    public void Record(int providerId, SendError? error)
    {
        if (error is null) _openUntil.TryRemove(providerId, out _);
        else if (error.Code == "circuit_open")
            _openUntil[providerId] = (clock.GetUtcNow() + (error.RetryAfter ?? DriverHttp.CircuitBreakDuration)).UtcTicks;
    }

    /// <summary>When the circuit closes again, if it is open now.</summary>
    public DateTime? OpenUntil(int providerId) =>
        _openUntil.TryGetValue(providerId, out var until) && until > clock.GetUtcNow().UtcTicks ? new DateTime(until, DateTimeKind.Utc) : null;

    public bool IsOpen(int providerId) => OpenUntil(providerId) is not null;
}
