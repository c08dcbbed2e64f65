namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// Fields of an event that nobody raises with it: the application works them out when the event's message is made, such
/// as links that expire (<c>bill.pdfUrl</c>). Implemented by the feature that owns what they point at, so this feature
/// needs to know none of them. Contract: add a value only where it is sure (a bill's PDF only if that bill belongs to the
/// event's customer); a field left out counts as missing, and the message is skipped with the reason.
/// </summary>
public interface IDerivedEventFields
{
    /// <summary>Adds the values this source knows for an event of <paramref name="type"/> to <paramref name="data"/> (keyed by path).</summary>
    Task AddToAsync(EventType type, int customerId, Dictionary<string, string> data, CancellationToken ct);
}
