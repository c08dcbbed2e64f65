namespace WhatsApp.Api.Infrastructure.Live;

/// <summary>
/// "Something changed; reload it": what staff's browsers hear on <c>GET /api/live</c>. It carries what changed, never
/// the data itself, so nothing a client may not read travels on the channel and a missed event costs one reload.
/// </summary>
/// <param name="Type">One of <see cref="LiveEventTypes"/>.</param>
/// <param name="Id">The changed thing's id (conversation, ticket); null when the event covers many (a batch of statuses).</param>
public sealed record LiveEvent(string Type, long? Id = null)
{
    public static LiveEvent InboundMessage(int conversationId) => new(LiveEventTypes.InboundMessage, conversationId);
    public static LiveEvent ConversationChanged(int conversationId) => new(LiveEventTypes.ConversationChanged, conversationId);
    public static LiveEvent MessageStatus() => new(LiveEventTypes.MessageStatus);
    public static LiveEvent TicketChanged(int ticketId) => new(LiveEventTypes.TicketChanged, ticketId);
}

/// <summary>The events, by name. The frontend maps each to the queries it invalidates (<c>frontend/src/lib/live.ts</c>).</summary>
public static class LiveEventTypes
{
    /// <summary>A customer's message was stored in conversation <c>Id</c>.</summary>
    public const string InboundMessage = "conversation.message";
    /// <summary>Conversation <c>Id</c> changed: read, assigned, status, a reply, a note, a link.</summary>
    public const string ConversationChanged = "conversation.changed";
    /// <summary>Delivery reports moved outbound messages on (one event per committed batch).</summary>
    public const string MessageStatus = "message.status";
    /// <summary>Ticket <c>Id</c> was opened, changed or linked.</summary>
    public const string TicketChanged = "ticket.changed";
    /// <summary>Events may have been missed (this instance lost its link to the others for a while): reload everything.</summary>
    public const string Resync = "resync";
    /// <summary>Nothing happened; keeps proxies from closing an idle stream.</summary>
    public const string Ping = "ping";
}
