using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

/// <summary>
/// A Sent Log of 130 messages written straight to the database: statuses, sources, templates, times and customers vary.
/// Ids don't follow times (as after a back-dated import), and pairs of messages share a time, so "newest first" by id
/// or by time alone would both be wrong.
/// </summary>
public sealed class SentLogFixture : IAsyncLifetime
{
    public AppFactory App { get; } = new();
    public HttpClient Admin { get; private set; } = null!;
    public List<WhatsAppMessage> Messages { get; } = [];
    public Customer Zoe { get; private set; } = null!;
    public DateTime Start { get; } = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        Admin = await App.AdminAsync();
        await App.WithDbAsync(async db =>
        {
            Zoe = new Customer { Name = "Zoë Quarry", Phone = "+12125559999", WhatsAppOptIn = true, CreatedAt = Start, UpdatedAt = Start };
            db.Add(Zoe);
            await db.SaveChangesAsync();
            var statuses = new[] { MessageStatus.Delivered, MessageStatus.Read, MessageStatus.Failed, MessageStatus.Queued, MessageStatus.Sent };
            for (var i = 0; i < 130; i++)
            {
                // Zoë has every tenth message; one of them (21) is in broadcast 42, which messages each phone once.
                var zoe = i % 10 == 1;
                var inBroadcast = i % 3 == 0 && (!zoe || i == 21);
                var m = new WhatsAppMessage
                {
                    ToPhone = zoe ? Zoe.Phone : $"+1212555{i:0000}",
                    CustomerId = zoe ? Zoe.Id : null,
                    TemplateId = i % 2 == 0 ? 1 : 2,
                    TemplateName = i % 2 == 0 ? "bill_due" : "=cmd|' /C calc'!A0",
                    TemplateLanguage = "en_US",
                    ParametersJson = "{\"1\":\"x\"}",
                    ProviderId = 7,
                    ProviderType = "twilio",
                    Status = statuses[i % statuses.Length],
                    Source = inBroadcast ? MessageSource.Broadcast : MessageSource.Automation,
                    BroadcastId = inBroadcast ? 42 : null,
                    EventType = inBroadcast ? null : "bill.created",
                    CreatedAt = Start.AddHours(i * 37 % 130 / 2),
                    UpdatedAt = Start.AddHours(i * 37 % 130 / 2),
                    ErrorCode = statuses[i % statuses.Length] == MessageStatus.Failed ? "63016" : null,
                };
                Messages.Add(m);
            }
            db.AddRange(Messages);
            await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        return Task.CompletedTask;
    }
}

public class SentLogTests(SentLogFixture f) : IClassFixture<SentLogFixture>
{
    /// <summary>Follows nextCursor to the end and returns every id seen, in order.</summary>
    private async Task<List<long>> AllPagesAsync(string query, int limit)
    {
        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await f.Admin.GetAsync($"/api/whatsapp/messages?{query}&limit={limit}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}")).ReadAsAsync<MessagePage>();
            Assert.True(page.Items.Count <= limit);
            ids.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }

    /// <summary>Newest first: by time, the larger id first among messages of the same time.</summary>
    private List<long> Expected(Func<WhatsAppMessage, bool> filter) =>
        f.Messages.Where(filter).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Id).ToList();

    [Fact]
    public async Task Cursor_pages_cover_every_message_once_newest_first_by_time_then_id()
    {
        var expected = Expected(_ => true);
        Assert.NotEqual(f.Messages.OrderByDescending(m => m.Id).Select(m => m.Id), expected);
        // Page boundaries fall between messages of the same time too (limit 2 over pairs of equal times).
        Assert.Equal(expected, await AllPagesAsync("", limit: 17));
        Assert.Equal(expected, await AllPagesAsync("", limit: 2));
    }

    [Fact]
    public async Task The_customers_messages_are_newest_first_by_time()
    {
        var expected = Expected(m => m.CustomerId == f.Zoe.Id);
        Assert.Equal(expected, await AllPagesAsync($"customerId={f.Zoe.Id}", limit: 5));
    }

    [Theory]
    [InlineData("status=Failed")]
    [InlineData("broadcastId=42")]
    [InlineData("templateId=2")]
    [InlineData("eventType=bill.created")]
    [InlineData("status=Delivered&broadcastId=42")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z")]
    [InlineData("q=zo%C3%AB")]
    [InlineData("q=555001")]
    [InlineData("errorCode=63016")]
    [InlineData("errorCode=63016&from=2026-03-02T00:00:00Z")]
    public async Task Filters_combine_with_cursor_paging(string query)
    {
        Func<WhatsAppMessage, bool> filter = query switch
        {
            "status=Failed" => m => m.Status == MessageStatus.Failed,
            "broadcastId=42" => m => m.BroadcastId == 42,
            "templateId=2" => m => m.TemplateId == 2,
            "eventType=bill.created" => m => m.EventType == "bill.created",
            "status=Delivered&broadcastId=42" => m => m.Status == MessageStatus.Delivered && m.BroadcastId == 42,
            "q=555001" => m => m.ToPhone.Contains("555001"),
            "q=zo%C3%AB" => m => m.CustomerId == f.Zoe.Id,
            "errorCode=63016" => m => m.ErrorCode == "63016",
            "errorCode=63016&from=2026-03-02T00:00:00Z" => m => m.ErrorCode == "63016" && m.CreatedAt >= f.Start.AddDays(1),
            _ => m => m.CreatedAt >= f.Start.AddDays(1) && m.CreatedAt < f.Start.AddDays(2),
        };
        var expected = Expected(filter);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await AllPagesAsync(query, limit: 7));
        var count = await (await f.Admin.GetAsync($"/api/whatsapp/messages/count?{query}")).ReadJsonAsync();
        Assert.Equal(expected.Count, count.GetProperty("count").GetInt32());
        Assert.False(count.GetProperty("estimated").GetBoolean());
    }

    [Fact]
    public async Task A_malformed_cursor_or_status_is_a_400_naming_it()
    {
        await (await f.Admin.GetAsync("/api/whatsapp/messages?cursor=abc")).AssertFieldErrorAsync("cursor");
        // An id-only cursor (what the list handed out before it paged by time) is refused, not misread.
        await (await f.Admin.GetAsync("/api/whatsapp/messages?cursor=120")).AssertFieldErrorAsync("cursor");
        await (await f.Admin.GetAsync("/api/whatsapp/messages?cursor=99999999999999999999_1")).AssertFieldErrorAsync("cursor");
        var badStatus = await f.Admin.GetAsync("/api/whatsapp/messages?status=Lost");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task The_export_is_the_filtered_log_as_csv_with_formulas_defused()
    {
        var response = await f.Admin.GetAsync("/api/whatsapp/messages/export?broadcastId=42");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,created_at,to,customer_id,customer_name,template", lines[0]);
        var expected = Expected(m => m.BroadcastId == 42);
        Assert.Equal(expected.Count, lines.Length - 1);
        Assert.Equal(expected, lines.Skip(1).Select(l => long.Parse(l.Split(',')[0])).ToList());
        Assert.Contains(lines, l => l.Contains("Zoë Quarry"));
        // A template name shaped like a spreadsheet formula must not start a cell with '='.
        Assert.DoesNotContain(lines, l => l.Contains(",=cmd") || l.Contains(",\"=cmd"));
        Assert.Contains(lines, l => l.Contains("cmd|"));
    }

    [Fact]
    public async Task The_export_takes_the_error_code_filter_too()
    {
        var lines = (await (await f.Admin.GetAsync("/api/whatsapp/messages/export?errorCode=63016")).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Expected(m => m.ErrorCode == "63016"), lines.Skip(1).Select(l => long.Parse(l.Split(',')[0])).ToList());
        var none = await (await f.Admin.GetAsync("/api/whatsapp/messages/count?errorCode=99999")).ReadAsAsync<MessageCount>();
        Assert.Equal(0, none.Count);
    }

    [Fact]
    public async Task The_log_needs_a_signed_in_user()
    {
        using var anonymous = f.App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/whatsapp/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/whatsapp/messages/export")).StatusCode);
    }
}
