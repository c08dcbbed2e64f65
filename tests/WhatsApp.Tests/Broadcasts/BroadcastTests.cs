using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FakeProvider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Broadcasts;

public class BroadcastTests(BroadcastHarness h) : IClassFixture<BroadcastHarness>
{
    private static string Plan() => $"plan-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Only_opted_in_customers_receive_and_the_skipped_are_counted_by_reason()
    {
        var plan = Plan();
        var (optedIn, notOptedIn, shared, _, noEmail) = await h.SeedMixedAudienceAsync(plan);

        var created = await h.CreateAsync(new { all = true, filter = new { plan } }, BroadcastHarness.MixedVariables);
        Assert.Equal(4, created.Total);
        Assert.Equal(4, created.Skipped);

        var done = await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);
        Assert.Equal(4, done.Total);
        Assert.Equal(0, done.Queued);
        Assert.Equal(100, done.Percent);
        Assert.Equal(new SkippedCounts(NotOptedIn: 2, InvalidPhone: 0, Duplicate: 1, MissingValue: 1), done.SkippedBreakdown);

        foreach (var c in optedIn) Assert.Single(h.FakeState.GetMessages("twilio", c.Phone));
        Assert.Single(h.FakeState.GetMessages("twilio", shared));
        foreach (var c in notOptedIn.Concat(noEmail)) Assert.Empty(h.FakeState.GetMessages("twilio", c.Phone));
    }

    [Fact]
    public async Task A_group_audience_joined_with_chosen_customers_messages_each_member_once()
    {
        var members = await h.SeedAsync(3);
        var extra = await h.SeedAsync(1);
        var outsider = await h.SeedAsync(1);
        var groupId = (await (await h.Admin.PostAsJsonAsync("/api/groups", new { name = $"Downtown {Guid.NewGuid():N}" })).ReadAsAsync<GroupDto>(HttpStatusCode.Created)).Id;
        (await h.Admin.PostAsJsonAsync($"/api/groups/{groupId}/members", new { customerIds = members.Select(c => c.Id) })).EnsureSuccessStatusCode();

        // A member also chosen by hand is still one recipient.
        var created = await h.CreateAsync(new { groupIds = new[] { groupId }, customerIds = new[] { extra[0].Id, members[0].Id } });
        Assert.Equal(4, created.Total);
        Assert.Equal(0, created.Skipped);
        await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);

        foreach (var c in members.Concat(extra)) Assert.Single(h.FakeState.GetMessages("twilio", c.Phone));
        Assert.Empty(h.FakeState.GetMessages("twilio", outsider[0].Phone));
    }

    [Fact]
    public async Task Each_recipient_gets_their_own_values_for_customer_fields()
    {
        var plan = Plan();
        var customers = await h.SeedAsync(3, plan: plan);
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) });
        await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);

        foreach (var c in customers)
        {
            var received = Assert.Single(h.FakeState.GetMessages("twilio", c.Phone));
            Assert.Equal(c.Name, received.ContentVariableMap!["1"]);
            Assert.Equal("your new plan is live.", received.ContentVariableMap["2"]);
        }
    }

    [Fact]
    public async Task A_broadcast_of_2000_recipients_completes_and_each_receives_exactly_once()
    {
        var plan = Plan();
        var customers = await h.SeedAsync(2000, plan: plan);
        var created = await h.CreateAsync(new { all = true, filter = new { plan } });
        Assert.Equal(2000, created.Total);

        var done = await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted, seconds: 120);
        Assert.Equal(2000, done.Total);
        Assert.Equal(0, done.Failed);

        var phones = customers.Select(c => c.Phone).ToHashSet();
        var received = h.FakeState.GetMessages("twilio").Where(m => phones.Contains(m.To!.Replace("whatsapp:", ""))).GroupBy(m => m.To).ToList();
        Assert.Equal(2000, received.Count);
        Assert.All(received, g => Assert.Single(g));
        var rows = await h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().CountAsync(m => m.BroadcastId == created.Id));
        Assert.Equal(2000, rows);
    }

    [Fact]
    public async Task Duplicated_fan_out_and_dispatch_jobs_still_message_each_recipient_once()
    {
        var plan = Plan();
        var customers = await h.SeedAsync(250, plan: plan);
        // A broadcast nobody has started preparing yet, as a crash right after creating it would leave it.
        var id = await h.App.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var broadcast = new Broadcast
            {
                TemplateId = h.TemplateId, TemplateName = "news", TemplateLanguage = "en_US",
                AudienceJson = $"{{\"all\":true,\"filter\":{{\"plan\":\"{plan}\"}}}}",
                VariablesJson = "{\"1\":\"{{customer.name}}\",\"2\":\"hello\"}",
                Status = BroadcastStatus.Preparing, CreatedAt = now, UpdatedAt = now, ExpectedRecipients = 250,
            };
            db.Add(broadcast);
            await db.SaveChangesAsync();
            return broadcast.Id;
        });

        var fanOut = h.App.Services.GetRequiredService<BroadcastFanOut>();
        var dispatcher = h.App.Services.GetRequiredService<OutboxDispatcher>();
        var jobs = Enumerable.Range(0, 3).Select(_ => Task.Run(() => fanOut.RunAsync(id, CancellationToken.None)))
            .Concat(Enumerable.Range(0, 3).Select(_ => Task.Run(async () => { while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0) { } })));
        await Task.WhenAll(jobs);
        // Whatever the duplicates left undone, the app's own jobs finish; the point is that nobody gets two.
        using (var scope = h.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<BroadcastRecovery>().RunAsync(CancellationToken.None);
        await h.WaitForAsync(id, BroadcastHarness.IsCompleted);

        foreach (var c in customers) Assert.Single(h.FakeState.GetMessages("twilio", c.Phone));
        Assert.Equal(250, await h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().CountAsync(m => m.BroadcastId == id)));
    }

    [Fact]
    public async Task One_recipients_permanent_failure_does_not_stop_the_others()
    {
        var customers = await h.SeedAsync(5);
        h.FakeState.SetRecipientError(customers[2].Phone, new RecipientErrorRule { HttpStatus = 400, Code = 63024, Message = "Invalid message recipient" });
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) });

        var done = await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);
        Assert.Equal(1, done.Failed);
        foreach (var c in customers.Where((_, i) => i != 2)) Assert.Single(h.FakeState.GetMessages("twilio", c.Phone));
        var failed = await h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().SingleAsync(m => m.CustomerId == customers[2].Id));
        Assert.Equal(MessageStatus.Failed, failed.Status);
        Assert.Equal("63024", failed.ErrorCode);
    }

    [Fact]
    public async Task Fan_out_writes_each_recipient_as_a_queued_outbox_row_with_its_values_and_one_queued_event()
    {
        // More than one multi-row statement's worth on PostgreSQL (100), so reused statements are covered on both stores.
        var customers = await h.SeedAsync(205);
        var at = DateTime.UtcNow.AddMinutes(10);
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) }, scheduledAt: at);
        var id = created.Id;
        await h.WaitForAsync(id, b => b.Status == BroadcastStatus.Scheduled);

        var rows = await h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().AsNoTracking().Where(m => m.BroadcastId == id).OrderBy(m => m.ToPhone).ToListAsync());
        Assert.Equal(customers.Select(c => c.Phone).Order(), rows.Select(m => m.ToPhone));
        foreach (var row in rows)
        {
            var customer = customers.Single(c => c.Phone == row.ToPhone);
            Assert.Equal(customer.Id, row.CustomerId);
            Assert.Equal((h.TemplateId, "news", "en_US"), (row.TemplateId!.Value, row.TemplateName, row.TemplateLanguage));
            Assert.Equal(customer.Name, JsonDocument.Parse(row.ParametersJson).RootElement.GetProperty("1").GetString());
            Assert.Equal((MessageStatus.Queued, MessageSource.Broadcast, 0), (row.Status, row.Source, row.Attempts));
            Assert.Equal((h.ProviderId, "twilio"), (row.ProviderId!.Value, row.ProviderType));
            Assert.Equal(AppFactory.AdminEmail, row.CreatedBy);
            // Due at the scheduled time, to the database's precision.
            Assert.InRange(row.NextAttemptAt!.Value, at.AddMilliseconds(-1), at.AddMilliseconds(1));
            Assert.Equal(DateTimeKind.Utc, row.CreatedAt.Kind);
            Assert.Null(row.ClaimToken);
        }
        var events = await h.App.WithDbAsync(db => db.Set<MessageStatusEvent>().AsNoTracking()
            .Where(e => db.Set<WhatsAppMessage>().Any(m => m.Id == e.MessageId && m.BroadcastId == id)).ToListAsync());
        Assert.Equal(rows.Select(m => m.Id).Order(), events.Select(e => e.MessageId).Order());
        Assert.All(events, e => Assert.Equal(MessageStatus.Queued, e.Status));
        Assert.All(events, e => Assert.Equal(rows.Single(m => m.Id == e.MessageId).CreatedAt, e.At));
    }

    [Fact]
    public async Task A_scheduled_broadcast_waits_for_its_time_then_sends()
    {
        var customers = await h.SeedAsync(2);
        var at = DateTime.UtcNow.AddSeconds(3);
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) }, scheduledAt: at);
        var id = created.Id;

        var scheduled = await h.WaitForAsync(id, b => b.Status == BroadcastStatus.Scheduled);
        Assert.Equal(2, scheduled.Queued);
        Assert.Empty(h.FakeState.GetMessages("twilio", customers[0].Phone));

        await h.WaitForAsync(id, BroadcastHarness.IsCompleted, seconds: 30);
        var received = Assert.Single(h.FakeState.GetMessages("twilio", customers[0].Phone));
        Assert.True(received.ReceivedAt >= at.AddMilliseconds(-50), $"sent at {received.ReceivedAt:o}, scheduled for {at:o}");
    }

    [Fact]
    public async Task Canceling_a_scheduled_broadcast_cancels_every_message_and_sends_none()
    {
        var customers = await h.SeedAsync(3);
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) }, scheduledAt: DateTime.UtcNow.AddSeconds(4));
        var id = created.Id;
        await h.WaitForAsync(id, b => b.Status == BroadcastStatus.Scheduled);

        var canceled = await (await h.Admin.PostAsync($"/api/whatsapp/broadcasts/{id}/cancel", null)).ReadAsAsync<BroadcastDto>();
        Assert.Equal(BroadcastStatus.Canceled, canceled.Status);
        Assert.Equal(3, canceled.Canceled);
        // None went out: not the 100% of a finished broadcast.
        Assert.Equal(0, canceled.Percent);

        await Task.Delay(TimeSpan.FromSeconds(5));
        foreach (var c in customers) Assert.Empty(h.FakeState.GetMessages("twilio", c.Phone));
        var again = await h.Admin.PostAsync($"/api/whatsapp/broadcasts/{id}/cancel", null);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        var history = await h.App.WithDbAsync(db => db.Set<MessageStatusEvent>()
            .CountAsync(e => e.Status == MessageStatus.Canceled && db.Set<WhatsAppMessage>().Any(m => m.Id == e.MessageId && m.BroadcastId == id)));
        Assert.Equal(3, history);
    }

    [Fact]
    public async Task A_customer_who_opts_out_before_a_scheduled_send_is_not_messaged()
    {
        var customers = await h.SeedAsync(2);
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) }, scheduledAt: DateTime.UtcNow.AddSeconds(3));
        var id = created.Id;
        await h.WaitForAsync(id, b => b.Status == BroadcastStatus.Scheduled);
        (await h.Admin.PutAsJsonAsync($"/api/customers/{customers[0].Id}", new { whatsAppOptIn = false })).EnsureSuccessStatusCode();

        var done = await h.WaitForAsync(id, BroadcastHarness.IsCompleted, seconds: 30);
        Assert.Equal(1, done.Canceled);
        Assert.Empty(h.FakeState.GetMessages("twilio", customers[0].Phone));
        Assert.Single(h.FakeState.GetMessages("twilio", customers[1].Phone));
    }

    [Fact]
    public async Task Preview_counts_the_audience_and_renders_the_message_for_a_sample_recipient()
    {
        var plan = Plan();
        var customers = await h.SeedAsync(2, plan: plan);
        await h.SeedAsync(1, optedIn: false, plan: plan);
        var response = await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview", new
        {
            templateId = h.TemplateId,
            audience = new { all = true, filter = new { plan = plan.ToUpperInvariant() } },
            variables = new Dictionary<string, string> { ["1"] = "{{customer.firstName}}", ["2"] = "see {{customer.unsubscribeUrl}}" },
        });
        var preview = await response.ReadAsAsync<BroadcastPreviewDto>();
        Assert.Equal(3, preview.Counts.Audience);
        Assert.Equal(2, preview.Counts.Recipients);
        Assert.Equal(1, preview.Counts.SkippedBreakdown.NotOptedIn);
        Assert.Contains(customers, c => c.Id == preview.Sample!.CustomerId);
        Assert.StartsWith("Hi Customer, see http://localhost/u/", preview.Sample!.RenderedBody);
        Assert.Empty(h.FakeState.GetMessages("twilio", customers[0].Phone));
    }

    [Theory]
    [InlineData("{\"audience\": {\"all\": true}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}}", "templateId")]
    [InlineData("{\"templateId\": TEMPLATE, \"audience\": {}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}}", "audience")]
    [InlineData("{\"templateId\": TEMPLATE, \"audience\": {\"groupIds\": [987654]}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}}", "audience.groupIds")]
    [InlineData("{\"templateId\": TEMPLATE, \"audience\": {\"customerIds\": [987654]}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}}", "audience.customerIds")]
    [InlineData("{\"templateId\": TEMPLATE, \"audience\": {\"all\": true}, \"variables\": {\"1\": \"a\"}}", "variables.2")]
    [InlineData("{\"templateId\": TEMPLATE, \"audience\": {\"all\": true}, \"variables\": {\"1\": \"{{customer.shoeSize}}\", \"2\": \"b\"}}", "variables.1")]
    [InlineData("{\"templateId\": TEMPLATE, \"audience\": {\"all\": true}, \"variables\": {\"1\": \"a\", \"2\": \"b\", \"3\": \"c\"}}", "variables.3")]
    [InlineData("{\"templateId\": TEMPLATE, \"audience\": {\"all\": true}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}, \"scheduledAt\": \"2020-01-01T00:00:00Z\"}", "scheduledAt")]
    [InlineData("{\"templateId\": \"one\"}", "templateId")]
    public async Task Invalid_broadcasts_are_refused_naming_the_field(string json, string field)
    {
        var before = await h.App.WithDbAsync(db => db.Set<Broadcast>().CountAsync());
        var response = await h.Admin.PostAsync("/api/whatsapp/broadcasts",
            new StringContent(json.Replace("TEMPLATE", h.TemplateId.ToString()), System.Text.Encoding.UTF8, "application/json"));
        await response.AssertFieldErrorAsync(field);
        Assert.Equal(before, await h.App.WithDbAsync(db => db.Set<Broadcast>().CountAsync()));
    }

    [Fact]
    public async Task An_audience_with_nobody_who_can_receive_is_refused_with_the_reasons()
    {
        var customers = await h.SeedAsync(2, optedIn: false);
        var response = await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts",
            BroadcastHarness.Request(h.TemplateId, new { customerIds = customers.Select(c => c.Id) }));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("2 not opted in", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Staff_can_broadcast_and_anonymous_callers_cannot()
    {
        var customers = await h.SeedAsync(1);
        using var staff = await h.App.StaffAsync();
        var request = BroadcastHarness.Request(h.TemplateId, new { customerIds = customers.Select(c => c.Id) });
        (await staff.PostAsJsonAsync("/api/whatsapp/broadcasts", request)).EnsureSuccessStatusCode();
        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/whatsapp/broadcasts", request)).StatusCode);
    }

    [Fact]
    public async Task The_broadcast_list_shows_progress_newest_first()
    {
        var customers = await h.SeedAsync(1);
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) });
        var first = (await (await h.Admin.GetAsync("/api/whatsapp/broadcasts?pageSize=5")).ReadAsAsync<BroadcastPage>()).Items[0];
        Assert.Equal(created.Id, first.Id);
        Assert.Equal(1, first.Total);
    }

    [Fact]
    public async Task The_variable_fields_list_names_customer_expressions()
    {
        var fields = await (await h.Admin.GetAsync("/api/whatsapp/broadcasts/fields")).ReadAsAsync<List<VariableFieldDto>>();
        var expressions = fields.Select(f => f.Expression).ToList();
        Assert.Contains("{{customer.name}}", expressions);
        Assert.Contains("{{customer.unsubscribeUrl}}", expressions);
    }
}
