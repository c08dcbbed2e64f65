using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using static WhatsApp.Bench.Harness;

namespace WhatsApp.Bench;

/// <summary>
/// The inbox at 100,000 conversations and 1,000,000 messages (issue #16): the conversation list and a thread's pages
/// over HTTP, first pages and deep ones reached by following the API's own cursors. Target p95 &lt; 30 ms.
/// </summary>
public static class InboxBenchmark
{
    private const int Limit = 50;
    /// <summary>One customer who wrote a lot: a thread long enough for deep pages.</summary>
    private const int BusyInbound = 5_000, BusyOutbound = 5_000;

    public static async Task RunAsync(Options o)
    {
        var conversations = o.N ?? 100_000;
        var messages = conversations * 10;
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>());
        if (app.PostgresDatabase is not null) throw new NotSupportedException("The inbox benchmark seeds SQLite only.");
        var (providerId, _, _) = await app.AddTwilioAsync("http://127.0.0.1:9", messagesPerSecond: 80);
        var seed = Stopwatch.StartNew();
        Seed(app.DbPath, providerId, conversations, messages);
        Console.WriteLine($"{conversations:N0} conversations and {messages:N0} messages (inbound and outbound) seeded in {seed.Elapsed.TotalSeconds:N1} s; "
            + $"{o.Requests} timed requests per row, page size {Limit}; app pid {app.Pid}");

        var busy = await FirstIdAsync(app, $"/api/whatsapp/conversations?q={Uri.EscapeDataString(Phone(0))}");
        var ordinary = await FirstIdAsync(app, $"/api/whatsapp/conversations?q={Uri.EscapeDataString(Phone(conversations / 2))}");
        var listDeep = await FollowAsync(app, $"/api/whatsapp/conversations?limit={Limit}", 1_000);
        var threadDeep = await FollowAsync(app, $"/api/whatsapp/conversations/{busy}/messages?limit={Limit}", 150);
        var cases = new List<(string Name, string Url)>
        {
            ("list, first page", $"/api/whatsapp/conversations?limit={Limit}"),
            ("list, status=Open, first page", $"/api/whatsapp/conversations?status=Open&limit={Limit}"),
            ("list, unassigned, first page", $"/api/whatsapp/conversations?assignee=None&limit={Limit}"),
            ("list, page 1,000 (cursor)", $"/api/whatsapp/conversations?limit={Limit}&cursor={Uri.EscapeDataString(listDeep)}"),
            ("unread badge (count)", "/api/whatsapp/conversations/unread"),
            ("thread of 10,000, first page", $"/api/whatsapp/conversations/{busy}/messages?limit={Limit}"),
            ("thread of 10,000, page 150 (cursor)", $"/api/whatsapp/conversations/{busy}/messages?limit={Limit}&cursor={Uri.EscapeDataString(threadDeep)}"),
            ("thread of ~10, first page", $"/api/whatsapp/conversations/{ordinary}/messages?limit={Limit}"),
        };
        var rows = new List<string[]>();
        foreach (var (name, url) in cases)
        {
            var times = await Benchmarks.TimeGetsAsync(app, url, warmUp: 10, o.Requests);
            rows.Add([name, F(Percentile(times, 50), "N1"), F(Percentile(times, 95), "N1"), F(times[^1], "N1")]);
        }
        PrintTable("inbox (GET over HTTP, ms)", ["request", "p50", "p95", "max"], rows);
        Benchmarks.Verdict("p95 < 30 ms", rows.All(r => double.Parse(r[2], CultureInfo.InvariantCulture) < 30));
    }

    private static async Task<int> FirstIdAsync(AppProcess app, string url) =>
        (await AppProcess.Json(await app.Admin.GetAsync(url))).GetProperty("items")[0].GetProperty("id").GetInt32();

    /// <summary>Follows <c>nextCursor</c> <paramref name="pages"/> - 1 times: the cursor of page <paramref name="pages"/>.</summary>
    private static async Task<string> FollowAsync(AppProcess app, string url, int pages)
    {
        string? cursor = null;
        for (var i = 1; i < pages; i++)
        {
            var page = await AppProcess.Json(await app.Admin.GetAsync(cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}"));
            cursor = page.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException($"{url} has fewer than {pages} pages.");
        }
        return cursor!;
    }

    /// <summary>
    /// Straight into SQLite, one transaction, prepared INSERTs: conversation <c>i</c> is phone <c>Phone(i)</c>, its last
    /// activity i seconds before the newest; 60% of the messages are the customers' (ReceivedMessage), 40% ours
    /// (WhatsAppMessage replies), spread evenly, except conversation 0, which holds 10,000 of them.
    /// </summary>
    private static void Seed(string dbPath, int providerId, int conversations, int messages)
    {
        using var db = Open(dbPath);
        using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;";
            pragma.ExecuteNonQuery();
        }
        using var tx = db.BeginTransaction();
        var now = DateTime.UtcNow;
        string[] statuses = ["Open", "Open", "Pending", "Resolved"];

        using (var insert = db.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO Conversation (Id, Phone, Status, LastInboundAt, LastActivityAt, LastPreview, UnreadCount, CreatedAt)
                VALUES ($id, $phone, $status, $at, $at, 'Is the outage over?', $unread, $at)
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var phone = insert.Parameters.Add("$phone", SqliteType.Text);
            var status = insert.Parameters.Add("$status", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            var unread = insert.Parameters.Add("$unread", SqliteType.Integer);
            insert.Prepare();
            for (var i = 0; i < conversations; i++)
            {
                (id.Value, phone.Value, status.Value, at.Value, unread.Value) = (i + 1, Phone(i), statuses[i % statuses.Length], now.AddSeconds(-i), i % 7 == 0 ? 2 : 0);
                insert.ExecuteNonQuery();
            }
        }

        using var inbound = db.CreateCommand();
        inbound.CommandText = """
            INSERT INTO ReceivedMessage (ConversationId, ProviderId, ProviderType, ProviderMessageId, FromPhone, Kind, Text, MetadataJson, SentAt, ReceivedAt)
            VALUES ($conversation, $provider, 'twilio', $sid, $phone, 'Text', 'Still no internet here, any news?', '{}', $at, $at)
            """;
        inbound.Parameters.AddWithValue("$provider", providerId);
        var inConversation = inbound.Parameters.Add("$conversation", SqliteType.Integer);
        var inSid = inbound.Parameters.Add("$sid", SqliteType.Text);
        var inPhone = inbound.Parameters.Add("$phone", SqliteType.Text);
        var inAt = inbound.Parameters.Add("$at", SqliteType.Text);
        inbound.Prepare();

        using var outbound = db.CreateCommand();
        outbound.CommandText = """
            INSERT INTO WhatsAppMessage (ToPhone, TemplateName, TemplateLanguage, ParametersJson, Body, ProviderId, ProviderType, ProviderMessageId,
                Status, Attempts, Source, CreatedAt, UpdatedAt, AcceptedAt, SentAt, DeliveredAt)
            VALUES ($phone, '', '', '{}', 'We are looking into it.', $provider, 'twilio', $sid, 30, 1, 'Reply', $at, $at, $at, $at, $at)
            """;
        outbound.Parameters.AddWithValue("$provider", providerId);
        var outPhone = outbound.Parameters.Add("$phone", SqliteType.Text);
        var outSid = outbound.Parameters.Add("$sid", SqliteType.Text);
        var outAt = outbound.Parameters.Add("$at", SqliteType.Text);
        outbound.Prepare();

        void Write(int conversation, bool fromCustomer, DateTime at, int n)
        {
            if (fromCustomer)
            {
                (inConversation.Value, inSid.Value, inPhone.Value, inAt.Value) = (conversation + 1, "SMin" + n.ToString("x28", CultureInfo.InvariantCulture), Phone(conversation), at);
                inbound.ExecuteNonQuery();
            }
            else
            {
                (outPhone.Value, outSid.Value, outAt.Value) = (Phone(conversation), "SMout" + n.ToString("x27", CultureInfo.InvariantCulture), at);
                outbound.ExecuteNonQuery();
            }
        }

        var written = 0;
        for (var k = 0; k < BusyInbound + BusyOutbound; k++, written++)
            Write(0, k % 2 == 0, now.AddSeconds(-(BusyInbound + BusyOutbound - k)), written);
        // The rest spread over the other conversations, each message a minute older than the next, before their last activity.
        var others = conversations - 1;
        for (var k = 0; written < messages; k++, written++)
        {
            var conversation = 1 + k % others;
            var age = k / others;
            Write(conversation, k % 5 < 3, now.AddSeconds(-conversation).AddMinutes(-age), written);
        }
        tx.Commit();
    }
}
