using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The writes of a group of delivery reports (<see cref="StatusUpdater"/>), as <see cref="RowStatement"/>s in the
/// group's transaction, with table and column names from the EF model:
/// <list type="bullet">
/// <item>a move: the status only moves forward (never out of a terminal one, a failure only before delivery), each
/// time column is set once, the claim is let go; it changes no row when the report is late or a duplicate;</item>
/// <item>a charge: what the report tells of the message's pricing, keeping what it does not tell;</item>
/// <item>the status events of the moves that changed their row.</item>
/// </list>
/// Moves run in the order added: reports about one message apply as the provider sent them.
/// </summary>
internal sealed class ReportWrites : IAsyncDisposable
{
    /// <summary>What a report tells of a message's charge; null parts leave the stored ones. <c>Source</c>: <see cref="CostSources"/>.</summary>
    public sealed record Charge(string? Category, bool? Billable, decimal? Price, string? Currency, string? Source);

    private readonly RowStatement _moves;
    private readonly RowStatement _charges;
    private readonly AppDbContext _db;

    private ReportWrites(AppDbContext db, RowStatement moves, RowStatement charges) => (_db, _moves, _charges) = (db, moves, charges);

    public static async Task<ReportWrites> CreateAsync(AppDbContext db, CancellationToken ct)
    {
        var t = EntityTable.Of<WhatsAppMessage>(db);
        string C(string property) => t.Column(property).Name;
        (string, EntityColumn) P(string name, string property) => (name, t.Column(property));
        var status = C(nameof(WhatsAppMessage.Status));
        var moves = await RowStatement.CreateAsync(db,
            $"UPDATE {t.Name} SET {status} = @next, " +
            $"{C(nameof(WhatsAppMessage.ProviderMessageId))} = COALESCE({C(nameof(WhatsAppMessage.ProviderMessageId))}, @providerMessageId), " +
            $"{C(nameof(WhatsAppMessage.SentAt))} = COALESCE({C(nameof(WhatsAppMessage.SentAt))}, @sentAt), " +
            $"{C(nameof(WhatsAppMessage.DeliveredAt))} = COALESCE({C(nameof(WhatsAppMessage.DeliveredAt))}, @deliveredAt), " +
            $"{C(nameof(WhatsAppMessage.ReadAt))} = COALESCE(@readAt, {C(nameof(WhatsAppMessage.ReadAt))}), " +
            $"{C(nameof(WhatsAppMessage.FailedAt))} = COALESCE(@failedAt, {C(nameof(WhatsAppMessage.FailedAt))}), " +
            $"{C(nameof(WhatsAppMessage.ErrorCode))} = COALESCE(@errorCode, {C(nameof(WhatsAppMessage.ErrorCode))}), " +
            $"{C(nameof(WhatsAppMessage.ErrorMessage))} = COALESCE(@errorMessage, {C(nameof(WhatsAppMessage.ErrorMessage))}), " +
            $"{C(nameof(WhatsAppMessage.ClaimToken))} = NULL, {C(nameof(WhatsAppMessage.ClaimedUntil))} = NULL, " +
            $"{C(nameof(WhatsAppMessage.UpdatedAt))} = @now " +
            $"WHERE {t.KeyColumn} = @id AND {status} < @terminal AND {status} < @bound",
            [
                P("@next", nameof(WhatsAppMessage.Status)), P("@providerMessageId", nameof(WhatsAppMessage.ProviderMessageId)),
                P("@sentAt", nameof(WhatsAppMessage.SentAt)), P("@deliveredAt", nameof(WhatsAppMessage.DeliveredAt)),
                P("@readAt", nameof(WhatsAppMessage.ReadAt)), P("@failedAt", nameof(WhatsAppMessage.FailedAt)),
                P("@errorCode", nameof(WhatsAppMessage.ErrorCode)), P("@errorMessage", nameof(WhatsAppMessage.ErrorMessage)),
                P("@now", nameof(WhatsAppMessage.UpdatedAt)), ("@id", IdColumn(db)),
                P("@terminal", nameof(WhatsAppMessage.Status)), P("@bound", nameof(WhatsAppMessage.Status)),
            ], ct);
        // A price the provider itself reported is never replaced by the card's estimate.
        var costSource = C(nameof(WhatsAppMessage.CostSource));
        var keepsProviderPrice = $"({costSource} = '{CostSources.Provider}' AND (@source IS NULL OR @source <> '{CostSources.Provider}'))";
        string Cost(string property, string parameter) =>
            $"{C(property)} = CASE WHEN {keepsProviderPrice} THEN {C(property)} ELSE COALESCE({parameter}, {C(property)}) END";
        var charges = await RowStatement.CreateAsync(db,
            $"UPDATE {t.Name} SET " +
            $"{C(nameof(WhatsAppMessage.PricingCategory))} = COALESCE(@category, {C(nameof(WhatsAppMessage.PricingCategory))}), " +
            $"{C(nameof(WhatsAppMessage.Billable))} = COALESCE(@billable, {C(nameof(WhatsAppMessage.Billable))}), " +
            $"{Cost(nameof(WhatsAppMessage.Cost), "@cost")}, {Cost(nameof(WhatsAppMessage.CostCurrency), "@currency")}, " +
            $"{Cost(nameof(WhatsAppMessage.CostSource), "@source")} " +
            $"WHERE {t.KeyColumn} = @id",
            [
                P("@category", nameof(WhatsAppMessage.PricingCategory)), P("@billable", nameof(WhatsAppMessage.Billable)),
                P("@cost", nameof(WhatsAppMessage.Cost)), P("@currency", nameof(WhatsAppMessage.CostCurrency)),
                P("@source", nameof(WhatsAppMessage.CostSource)), ("@id", IdColumn(db)),
            ], ct);
        return new ReportWrites(db, moves, charges);
    }

    /// <summary>The message id as a column, for its parameters (the key is not among <see cref="EntityTable.Columns"/>).</summary>
    internal static EntityColumn IdColumn(AppDbContext db) =>
        EntityTable.Of<MessageStatusEvent>(db).Column(nameof(MessageStatusEvent.MessageId));

    /// <summary>Adds a report's move: <paramref name="next"/> reported at <paramref name="at"/>.</summary>
    public Task AddMoveAsync(long id, MessageStatus next, string providerMessageId, DateTime at, string? errorCode, string? errorMessage, DateTime now, CancellationToken ct)
    {
        var failure = StatusRules.IsFailure(next);
        return _moves.AddAsync(ct,
            next, providerMessageId,
            next >= MessageStatus.Sent && !failure ? at : null,
            next >= MessageStatus.Delivered && !failure ? at : null,
            next == MessageStatus.Read ? at : null,
            failure ? at : null,
            failure ? errorCode : null,
            failure ? errorMessage : null,
            now, id, MessageStatus.Failed, StatusRules.UpperBoundFor(next));
    }

    public Task AddPricingAsync(long id, Charge charge, CancellationToken ct) =>
        _charges.AddAsync(ct, charge.Category, charge.Billable, charge.Price, charge.Currency, charge.Source, id);

    /// <summary>Runs what waits (PostgreSQL); for each move added since the last run, in order, whether it changed its message.</summary>
    public async Task<int[]> RunAsync(CancellationToken ct)
    {
        await _charges.RunAsync(ct);
        return await _moves.RunAsync(ct);
    }

    /// <summary>Inserts the moves' status events.</summary>
    public Task InsertEventsAsync(IReadOnlyList<MessageStatusEvent> events, CancellationToken ct) => InsertEventsAsync(_db, events, ct);

    /// <summary>Inserts status events in the caller's transaction, one prepared INSERT run row after row (EF's SaveChanges tracks every one).</summary>
    public static async Task InsertEventsAsync(AppDbContext db, IReadOnlyList<MessageStatusEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var t = EntityTable.Of<MessageStatusEvent>(db);
        string[] properties = [nameof(MessageStatusEvent.MessageId), nameof(MessageStatusEvent.Status), nameof(MessageStatusEvent.At),
            nameof(MessageStatusEvent.ErrorCode), nameof(MessageStatusEvent.Detail)];
        await using var insert = await RowStatement.CreateAsync(db,
            $"INSERT INTO {t.Name} ({string.Join(", ", properties.Select(p => t.Column(p).Name))}) VALUES ({string.Join(", ", properties.Select(p => "@" + p))})",
            properties.Select(p => ("@" + p, t.Column(p))).ToList(), ct);
        foreach (var e in events) await insert.AddAsync(ct, e.MessageId, e.Status, e.At, e.ErrorCode, e.Detail);
        await insert.RunAsync(ct);
    }

    /// <summary>
    /// Inserts one event of the same status and time for each message, in the caller's transaction, as one statement
    /// (<see cref="ListStatement"/>): a fan-out and the accepted sends of a batch write such an event for every message.
    /// </summary>
    public static async Task InsertSameEventAsync(AppDbContext db, IReadOnlyCollection<long> messageIds, MessageStatus status, DateTime at, CancellationToken ct)
    {
        if (messageIds.Count == 0) return;
        var t = EntityTable.Of<MessageStatusEvent>(db);
        var (messageId, statusColumn, atColumn) = (t.Column(nameof(MessageStatusEvent.MessageId)), t.Column(nameof(MessageStatusEvent.Status)), t.Column(nameof(MessageStatusEvent.At)));
        var source = db.Database.IsSqlite() ? "SELECT value, @status, @at FROM json_each(@ids)" : "SELECT unnest(@ids), @status, @at";
        await using var insert = await ListStatement.CreateAsync(db, $"INSERT INTO {t.Name} ({messageId.Name}, {statusColumn.Name}, {atColumn.Name}) {source}", ct);
        await insert.Add("@status", statusColumn, status).Add("@at", atColumn, at).AddList("@ids", messageIds).RunAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _moves.DisposeAsync();
        await _charges.DisposeAsync();
    }
}
