using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Api.Features.Support;

/// <summary>
/// Opening and moving tickets, wherever it happens (the helpdesk API, a conversation, a customer's quick reply): each
/// raises its automation event in the same transaction and tells the open browsers.
/// </summary>
public sealed class TicketDesk(AppDbContext db, EventOutbox events, ILiveEvents live, TimeProvider clock)
{
    public const int SubjectMaxLength = 200;

    /// <summary>
    /// Opens a ticket for an existing customer and raises <c>ticket.created</c>. <paramref name="number"/> null: one is
    /// assigned (T-00042). Null when the database refused it (the given number is taken).
    /// </summary>
    public async Task<Ticket?> OpenAsync(int customerId, string subject, string? number, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ticket = new Ticket
        {
            CustomerId = customerId, Number = number ?? DocumentNumbers.Placeholder(), Subject = subject.Truncate(SubjectMaxLength)!,
            Status = TicketStatus.Open, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(ticket);
        if (!await events.TrySaveAsync(() =>
            {
                if (number is null) ticket.Number = DocumentNumbers.For("T", ticket.Id);
                events.Add(EventTypes.TicketCreated, ticket.CustomerId, $"ticket:{ticket.Id}", ticket.EventData());
            }, ct))
            return null;
        live.Publish(LiveEvent.TicketChanged(ticket.Id));
        return ticket;
    }

    /// <summary>
    /// Moves a tracked ticket to <paramref name="status"/>, raising <c>ticket.status_changed</c> when it changes. False
    /// when a concurrent change won (Status is a concurrency token: only one of two is saved and raises its event).
    /// </summary>
    public async Task<bool> ChangeStatusAsync(Ticket ticket, TicketStatus status, CancellationToken ct)
    {
        if (status == ticket.Status) return true;
        var previous = ticket.Status;
        ticket.Status = status;
        ticket.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var data = ticket.EventData();
        data["ticket.previousStatus"] = Ticket.Label(previous);
        if (!await events.TrySaveAsync(() => events.Add(EventTypes.TicketStatusChanged, ticket.CustomerId, $"ticket:{ticket.Id}", data), ct))
            return false;
        live.Publish(LiveEvent.TicketChanged(ticket.Id));
        return true;
    }
}
