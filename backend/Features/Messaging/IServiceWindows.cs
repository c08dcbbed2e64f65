namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The 24-hour customer-service windows (implemented by Conversations, which owns what customers send). A window is
/// open at a moment when the customer wrote in the 24 hours before it. Inside one a UTILITY template is free (Meta,
/// since July 2025) and a message does not count against the messaging limit.
/// </summary>
public interface IServiceWindows
{
    /// <summary>Those of <paramref name="messages"/> that went out (<c>AcceptedAt</c>) while their recipient's window was closed: business-initiated.</summary>
    IQueryable<WhatsAppMessage> OutsideWindow(IQueryable<WhatsAppMessage> messages);

    /// <summary>
    /// When each of <paramref name="phones"/> wrote to us, enough to tell whether their window was open at any moment from
    /// <paramref name="from"/> to <paramref name="to"/>: one query for a whole group of delivery reports.
    /// </summary>
    Task<WindowHistory> HistoryAsync(IReadOnlyCollection<string> phones, DateTime from, DateTime to, CancellationToken ct);

    /// <summary>Every phone (E.164) whose window is open at <paramref name="now"/>.</summary>
    Task<HashSet<string>> OpenAtAsync(DateTime now, CancellationToken ct);
}

/// <summary>The moments some phones wrote to us (<see cref="IServiceWindows.HistoryAsync"/>).</summary>
public sealed class WindowHistory(ILookup<string, DateTime> wrote, TimeSpan window)
{
    /// <summary>Whether <paramref name="phone"/>'s window was open at <paramref name="at"/>: it wrote in the window's length before.</summary>
    public bool WasOpen(string phone, DateTime at) => wrote[phone].Any(t => t <= at && t > at - window);
}
