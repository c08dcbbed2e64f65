namespace WhatsApp.Api.Infrastructure.Live;

/// <summary>
/// Tells every signed-in browser, on every instance, that something changed. Call it after the change is committed
/// (a browser that reloads at once must see it). It never blocks and never throws; delivery is best effort: a browser
/// that was disconnected reloads what it shows when it reconnects.
/// </summary>
public interface ILiveEvents
{
    void Publish(LiveEvent e);
}

/// <summary>Carries events to the other instances and hands theirs to <see cref="LiveSubscribers"/>; absent with one instance (SQLite).</summary>
public interface ILiveBackplane
{
    /// <summary>Queues an event of this instance for the others; never blocks.</summary>
    void Send(LiveEvent e);
}

internal sealed class LiveEvents(LiveSubscribers local, ILiveBackplane? backplane = null) : ILiveEvents
{
    public void Publish(LiveEvent e)
    {
        local.Deliver(e);
        backplane?.Send(e);
    }
}
