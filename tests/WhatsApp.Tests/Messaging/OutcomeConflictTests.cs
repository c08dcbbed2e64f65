using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Broadcasts;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

public class OutcomeConflictTests(TwilioHarness h) : IClassFixture<TwilioHarness>
{
    [PostgresOnlyFact("a deadlock needs PostgreSQL's row locks; SQLite has one writer at a time")]
    public async Task An_outcome_group_PostgreSQL_aborts_in_a_deadlock_is_written_again_and_the_message_is_not_sent_twice()
    {
        const string phone = "+14155550161";
        await h.AddCustomerAsync(phone);
        // The send takes a while at the fake, so the message's row can be locked between its claim and its outcome.
        h.FakeState.Chaos.Configure(new ChaosSettings { LatencyMs = 1500 });
        Task<HttpResponseMessage> post;
        try
        {
            post = h.Admin.PostAsJsonAsync("/api/whatsapp/messages",
                new { to = phone, templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20.00" } });
            var id = await WaitForAsync(() => h.App.WithDbAsync(db => db.Set<WhatsAppMessage>()
                .Where(m => m.ToPhone == phone && m.ClaimToken != null).Select(m => (long?)m.Id).FirstOrDefaultAsync()));

            // Another transaction holds the row, then waits for the provider's lock the outcome group holds while it waits
            // for the row: a circle. The group waited first, so PostgreSQL's deadlock check (after deadlock_timeout)
            // runs in its session and rolls the group back; this transaction then gets the lock.
            await using var other = (NpgsqlConnection)await AppFactory.OpenConnectionAsync(h.App.DatabasePath);
            await using var tx = await other.BeginTransactionAsync();
            await ExecuteAsync(other, tx, """SELECT 1 FROM "WhatsAppMessage" WHERE "Id" = @id FOR UPDATE""", ("id", id));
            await WaitForAsync(async () => await ScalarAsync(other, tx, $"""
                SELECT count(*) FROM pg_locks held JOIN pg_stat_activity waiting ON waiting.pid = held.pid
                WHERE held.locktype = 'advisory' AND held.granted AND held.classid = {StatusUpdater.ProviderLockSpace} AND held.objid = @provider
                  AND waiting.wait_event_type = 'Lock'
                """, ("provider", h.ProviderId)) > 0 ? true : (bool?)null);
            await ExecuteAsync(other, tx, $"SELECT pg_advisory_xact_lock({StatusUpdater.ProviderLockSpace}, @provider)", ("provider", h.ProviderId));
            await tx.CommitAsync();
        }
        finally
        {
            h.FakeState.Chaos.Reset();
        }

        var sent = await (await post).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        Assert.Contains(h.App.LogMessages, m => m.Contains("for a deadlock; writing it again"));
        // Written once, from the one send the provider accepted.
        var received = Assert.Single(h.FakeState.GetMessages("twilio", "whatsapp:" + phone));
        // The fake's status callbacks may have moved it on already.
        Assert.Contains(sent.Status, new[] { MessageStatus.Accepted, MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Read });
        Assert.Equal(received.Id, sent.ProviderMessageId);
        var events = await h.App.WithDbAsync(db => db.Set<MessageStatusEvent>().Where(e => e.MessageId == sent.Id).Select(e => e.Status).ToListAsync());
        Assert.Single(events, MessageStatus.Queued);
        Assert.Single(events, MessageStatus.Accepted);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The awaited state did not come within 10 s.");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
