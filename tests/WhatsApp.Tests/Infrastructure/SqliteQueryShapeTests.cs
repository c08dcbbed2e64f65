using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>
/// The SQL the app's SQLite context writes, and the plans SQLite makes for it on a migrated file: the delivery reports'
/// hot look-up is one statement whatever the number of ids (so EF caches it) and searches the provider id's index
/// (partial: only set ids); a filtered Sent Log page reads its rows in order off an index instead of sorting every
/// match. And what every connection is set to on opening.
/// </summary>
public sealed class SqliteQueryShapeTests : IAsyncLifetime
{
    private MigratedSqliteFile _file = null!;
    private SqliteAppDbContext _db = null!;

    public async Task InitializeAsync() => _db = (_file = await MigratedSqliteFile.CreateAsync()).Db;

    public async Task DisposeAsync() => await _file.DisposeAsync();

    private IQueryable<long> LookUp(List<string> ids) => _db.Set<WhatsAppMessage>()
        .Where(m => m.ProviderId == 1 && m.ProviderMessageId != null && ids.Contains(m.ProviderMessageId)).Select(m => m.Id);

    /// <summary>The statement without the lines that set its parameters' values.</summary>
    private static string Statement(string queryString) =>
        string.Join('\n', queryString.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));

    [Fact]
    public void A_list_of_ids_is_one_parameter_so_the_statement_is_the_same_for_any_number_of_ids()
    {
        var two = Statement(LookUp(["SMa", "SMb"]).ToQueryString());
        var five = Statement(LookUp(["SMa", "SMb", "SMc", "SMd", "SMe"]).ToQueryString());

        Assert.Equal(two, five);
        Assert.Contains("json_each(@ids)", two);
    }

    private async Task<List<string>> PlanAsync<T>(IQueryable<T> query)
    {
        var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await _db.Database.OpenConnectionAsync();
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }

    [Fact]
    public async Task The_look_up_by_provider_message_ids_searches_their_index()
    {
        var plan = await PlanAsync(LookUp(["SMa", "SMb"]));

        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal)
            && step.Contains("IX_WhatsAppMessage_ProviderMessageId_ProviderId", StringComparison.Ordinal)
            && step.Contains("ProviderMessageId=?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN w", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dispatcher_s_claim_reads_queued_rows_in_due_order_off_the_outbox_index()
    {
        var plan = await PlanAsync(OutboxDispatcher.Due(_db, DateTime.UtcNow).Select(m => m.Id).Take(500));

        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal)
            && step.Contains("IX_WhatsAppMessage_Status_NextAttemptAt_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> SentLogFilters => new()
    {
        { "status", "IX_WhatsAppMessage_Status_CreatedAt_Id" },
        { "customerId", "IX_WhatsAppMessage_CustomerId_CreatedAt_Id" },
        { "templateId", "IX_WhatsAppMessage_TemplateId_CreatedAt_Id" },
        { "eventType", "IX_WhatsAppMessage_EventType_CreatedAt_Id" },
    };

    [Theory]
    [MemberData(nameof(SentLogFilters))]
    public async Task A_filtered_Sent_Log_page_reads_its_rows_in_order_off_the_filter_s_index(string filter, string index)
    {
        var filtered = filter switch
        {
            "status" => new MessageFilter { Status = MessageStatus.Delivered },
            "customerId" => new MessageFilter { CustomerId = 7 },
            "templateId" => new MessageFilter { TemplateId = 3 },
            _ => new MessageFilter { EventType = "payment.received" },
        };
        var firstPage = await PlanAsync(filtered.Apply(_db).NewestFirst().Take(50));
        var laterPage = await PlanAsync(filtered.Apply(_db).After(new MessageCursor(DateTime.UtcNow, 500)).NewestFirst().Take(50));

        foreach (var plan in new[] { firstPage, laterPage })
        {
            Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains(index, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_connection_keeps_its_statement_journals_and_temporary_files_in_memory() =>
        Assert.Equal(2L, await PragmaAsync("temp_store")); // 2: MEMORY

    [Fact]
    public async Task A_connection_checkpoints_its_write_ahead_log_every_ten_thousand_pages_not_every_thousand() =>
        Assert.Equal(10_000L, await PragmaAsync("wal_autocheckpoint"));

    /// <summary>The setting as a connection the app opened reads it.</summary>
    private async Task<object?> PragmaAsync(string name)
    {
        await _db.Database.OpenConnectionAsync();
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return await command.ExecuteScalarAsync();
    }
}
