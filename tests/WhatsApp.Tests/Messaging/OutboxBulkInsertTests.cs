using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

/// <summary>
/// A broadcast's fan-out writes its messages on SQLite with a statement bound by position on SQLite's own handle, not
/// through EF: each column must hold what EF's own insert would hold (the same storage class and the same text), or the
/// Sent Log, the claims and the filters would read the two kinds of rows differently. Checked on a migrated file,
/// column by column.
/// </summary>
public sealed class OutboxBulkInsertTests : IAsyncLifetime
{
    private MigratedSqliteFile _file = null!;
    private SqliteAppDbContext _db = null!;
    private static readonly DateTime Now = new(2026, 12, 4, 6, 30, 15, DateTimeKind.Utc);

    // Related rows (customer, template, provider, broadcast) are beside the point: every column gets a value.
    public async Task InitializeAsync() => _db = (_file = await MigratedSqliteFile.CreateAsync(";Foreign Keys=False")).Db;

    public async Task DisposeAsync() => await _file.DisposeAsync();

    /// <summary>Every column set, with values whose text form could go wrong: fractions of a second, a decimal, GUIDs, quotes, non-ASCII.</summary>
    private static WhatsAppMessage Full(int broadcastId) => new()
    {
        ToPhone = "+15550100001", CustomerId = 7, TemplateId = 3, TemplateName = "bill_ready", TemplateLanguage = "pt_BR",
        ParametersJson = """{"1":"Zoë \"Q\" O'Brien \\ 😀","2":"R$ 1.234,50"}""", Body = "Olá — line\nbreak\ttab",
        AttachmentId = "att-1", AttachmentKind = MediaKind.Document, AttachmentName = "fatura março.pdf",
        ProviderId = 2, ProviderType = "twilio", ProviderMessageId = "SM123", Status = MessageStatus.Delivered,
        ErrorCode = "63016", ErrorMessage = "outside the window", Attempts = 2,
        NextAttemptAt = Now.AddTicks(1234567), ClaimToken = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        ClaimedUntil = Now.AddSeconds(30).AddTicks(1), ClaimedBy = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        Source = MessageSource.Broadcast, BroadcastId = broadcastId, EventType = "bill.issued", EntityRef = "bill:42",
        AutomationEventId = broadcastId * 10, CreatedBy = "admin@example.com", CreatedAt = Now, UpdatedAt = Now.AddMilliseconds(5),
        AcceptedAt = Now.AddSeconds(1), SentAt = Now.AddSeconds(2), DeliveredAt = Now.AddSeconds(3), ReadAt = Now.AddSeconds(4),
        FailedAt = Now.AddSeconds(5), PricingCategory = "utility", Billable = true, Cost = 0.0125m, CostCurrency = "USD",
        CostSource = "provider", PriceReadAt = Now.AddMinutes(1),
    };

    /// <summary>Only what a queued message must have: every optional column null.</summary>
    private static WhatsAppMessage Sparse(string phone = "+15550100002") => new()
    {
        ToPhone = phone, TemplateName = "welcome", TemplateLanguage = "en", ParametersJson = "{}",
        Status = MessageStatus.Queued, Source = MessageSource.Manual, CreatedAt = Now, UpdatedAt = Now,
    };

    /// <summary>Empty text where text may be given: stored as '', not as NULL.</summary>
    private static WhatsAppMessage Blank()
    {
        var blank = Sparse("+15550100003");
        (blank.Body, blank.ErrorMessage, blank.EntityRef) = ("", "", "");
        return blank;
    }

    /// <summary>Each column of a row as SQLite holds it: its storage class and its SQL literal.</summary>
    private async Task<Dictionary<string, string>> StoredAsync(long id)
    {
        var table = EntityTable.Of<WhatsAppMessage>(_db);
        await _db.Database.OpenConnectionAsync();
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"typeof({c.Name}) || ' ' || quote({c.Name})"))} FROM {table.Name} WHERE {table.KeyColumn} = {id}";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return table.Columns.Select((c, i) => (c.Property.Name, Value: reader.GetString(i))).ToDictionary(c => c.Name, c => c.Value);
    }

    [Fact]
    public async Task Rows_written_as_json_hold_exactly_what_EFs_own_insert_holds_in_every_column()
    {
        var (byEf, sparseByEf, blankByEf) = (Full(broadcastId: 1), Sparse(), Blank());
        _db.AddRange(byEf, sparseByEf, blankByEf);
        await _db.SaveChangesAsync();
        _db.ChangeTracker.Clear();

        await using (var tx = await _db.Database.BeginTransactionAsync())
        {
            await OutboxBulkInsert.InsertQueuedAsync(_db, [Full(broadcastId: 2), Sparse(), Blank()], Now, CancellationToken.None);
            await tx.CommitAsync();
        }
        var written = await _db.Set<WhatsAppMessage>().Where(m => m.Id != byEf.Id && m.Id != sparseByEf.Id && m.Id != blankByEf.Id).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();

        Assert.Equal(3, written.Count);
        var (full, efFull) = (await StoredAsync(written[0]), await StoredAsync(byEf.Id));
        // The unique columns differ on purpose (a broadcast sends a phone one message); their storage class may not.
        foreach (var unique in new[] { nameof(WhatsAppMessage.BroadcastId), nameof(WhatsAppMessage.AutomationEventId) })
        {
            Assert.Equal(efFull[unique].Split(' ')[0], full[unique].Split(' ')[0]);
            full.Remove(unique);
            efFull.Remove(unique);
        }
        Assert.Equal(efFull, full);
        Assert.Equal(await StoredAsync(sparseByEf.Id), await StoredAsync(written[1]));
        Assert.Equal(await StoredAsync(blankByEf.Id), await StoredAsync(written[2]));
        Assert.Equal("text ''", (await StoredAsync(written[2]))[nameof(WhatsAppMessage.Body)]);
        // And read back through EF, the values are the ones given.
        var read = await _db.Set<WhatsAppMessage>().AsNoTracking().SingleAsync(m => m.Id == written[0]);
        read.Id = 0;
        Assert.Equivalent(Full(broadcastId: 2), read);
    }

    [Fact]
    public async Task Each_row_written_gets_its_queued_event_and_each_message_its_id()
    {
        var messages = Enumerable.Range(0, 3).Select(i => Sparse($"+1555010010{i}")).ToList();
        await using (var tx = await _db.Database.BeginTransactionAsync())
        {
            await OutboxBulkInsert.InsertQueuedAsync(_db, messages, Now, CancellationToken.None);
            await tx.CommitAsync();
        }
        var stored = await _db.Set<WhatsAppMessage>().AsNoTracking().ToDictionaryAsync(m => m.ToPhone, m => m.Id);
        Assert.All(messages, m => Assert.Equal(stored[m.ToPhone], m.Id));

        var events = await _db.Set<MessageStatusEvent>().AsNoTracking().OrderBy(e => e.MessageId).ToListAsync();
        var ids = await _db.Set<WhatsAppMessage>().OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
        Assert.Equal(ids, events.Select(e => e.MessageId));
        Assert.All(events, e => Assert.Equal((MessageStatus.Queued, Now), (e.Status, e.At)));
    }
}
