using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Consent;

/// <summary>Its own app: these tests turn on the customer.registered automation, which every new customer would trigger.</summary>
public sealed class LifecycleHarness : ConsentHarness
{
    /// <summary>A template of its own (the lifecycle pauses per template), bound by name, and the automation using it.</summary>
    public async Task<int> TemplateWithAutomationAsync(string name)
    {
        var id = (await AddTemplateAsync(Admin, ProviderId, name, "Welcome {{1}}, your account {{2}} is ready.", externalId: name)).GetProperty("id").GetInt32();
        (await Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{EventTypes.CustomerRegistered}", new
        {
            enabled = true, templateId = id, variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "ready" },
        })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>The fake posts Meta's template webhook, signed as Meta signs; asserts the app took it.</summary>
    public async Task TemplateEventAsync(TemplateEventRequest request)
    {
        var answer = await (await FakeClient.PostAsJsonAsync("/_fake/template-events/meta", request)).ReadJsonAsync();
        Assert.True(answer.GetProperty("statusCode").GetInt32() == 200, $"The app refused the template webhook: {answer}");
    }

    public async Task<AutomationDto> AutomationAsync() =>
        (await (await Admin.GetAsync("/api/settings/whatsapp-automations")).ReadAsAsync<List<AutomationDto>>()).Single(a => a.EventType == EventTypes.CustomerRegistered);

    public async Task<List<PausedUseDto>> PausedUsesAsync() =>
        await (await Admin.GetAsync("/api/whatsapp/templates/paused-uses")).ReadAsAsync<List<PausedUseDto>>();

    public async Task<TemplateDto> TemplateAsync(int id) => await (await Admin.GetAsync($"/api/whatsapp/templates/{id}")).ReadAsAsync<TemplateDto>();
}

public class TemplateLifecycleTests(LifecycleHarness h) : IClassFixture<LifecycleHarness>
{
    private const string Status = "message_template_status_update";

    [Fact]
    public async Task A_paused_template_pauses_its_automation_and_scheduled_broadcast_and_approval_resumes_them()
    {
        var templateId = await h.TemplateWithAutomationAsync("welcome_a");
        var customer = (await h.CustomerAsync(name: "Paula Paused")).Customer;
        var scheduledAt = DateTime.UtcNow.AddHours(1);
        var broadcast = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new
        {
            templateId, audience = new { customerIds = new[] { customer.Id } }, scheduledAt,
            variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "ready" },
        })).ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
        await WaitAsync(async () => (await BroadcastAsync(broadcast.Id)).Status == BroadcastStatus.Scheduled);

        await h.TemplateEventAsync(new TemplateEventRequest(SendingHarness.MetaPhoneId, Status, "welcome_a", Event: "PAUSED", Reason: "Low quality"));

        Assert.Equal(TemplateStatus.PAUSED, (await h.TemplateAsync(templateId)).Status);
        var paused = await h.PausedUsesAsync();
        Assert.Equal(["automation", "broadcast"], paused.Where(p => p.TemplateId == templateId).Select(p => p.Kind).Order());
        Assert.Contains("PAUSED", (await h.AutomationAsync()).PausedReason);
        Assert.Contains("PAUSED", (await BroadcastAsync(broadcast.Id)).PausedReason);
        Assert.True((await NextAttemptOfAsync(broadcast.Id)).Year >= 9000);

        // A new customer raises customer.registered: recorded as paused, no message tried.
        var newcomer = (await h.CustomerAsync(name: "Nuno New")).Customer;
        await WaitAsync(async () => await h.App.WithDbAsync(db => db.Set<AutomationEvent>()
            .AnyAsync(e => e.CustomerId == newcomer.Id && e.SkipReason == "automation_paused")));
        Assert.DoesNotContain(h.FakeState.GetMessages("meta"), m => m.To == newcomer.Phone.TrimStart('+'));

        await h.TemplateEventAsync(new TemplateEventRequest(SendingHarness.MetaPhoneId, Status, "welcome_a", Event: "APPROVED"));

        Assert.DoesNotContain(await h.PausedUsesAsync(), p => p.TemplateId == templateId);
        Assert.Null((await h.AutomationAsync()).PausedReason);
        Assert.Null((await BroadcastAsync(broadcast.Id)).PausedReason);
        Assert.Equal(scheduledAt, await NextAttemptOfAsync(broadcast.Id), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_template_recategorised_from_utility_to_marketing_pauses_its_automation_until_an_admin_saves_it()
    {
        var templateId = await h.TemplateWithAutomationAsync("welcome_c");

        await h.TemplateEventAsync(new TemplateEventRequest(SendingHarness.MetaPhoneId, "template_category_update", "welcome_c",
            Category: "MARKETING", PreviousCategory: "UTILITY"));

        Assert.Equal(TemplateCategory.MARKETING, (await h.TemplateAsync(templateId)).Category);
        Assert.Contains("UTILITY to MARKETING", (await h.AutomationAsync()).PausedReason);
        // Approval does not undo a change people must look at.
        await h.TemplateEventAsync(new TemplateEventRequest(SendingHarness.MetaPhoneId, Status, "welcome_c", Event: "APPROVED"));
        Assert.NotNull((await h.AutomationAsync()).PausedReason);

        (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{EventTypes.CustomerRegistered}", new
        {
            enabled = true, templateId, variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "ready" },
        })).EnsureSuccessStatusCode();
        Assert.Null((await h.AutomationAsync()).PausedReason);
    }

    [Fact]
    public async Task A_quality_update_shows_on_the_template()
    {
        var templateId = (await SendingHarness.AddTemplateAsync(h.Admin, h.ProviderId, "quality_q", "Hi {{1}}, {{2}}.", externalId: "quality_q")).GetProperty("id").GetInt32();

        await h.TemplateEventAsync(new TemplateEventRequest(SendingHarness.MetaPhoneId, "message_template_quality_update", "quality_q", Quality: "YELLOW"));

        Assert.Equal("YELLOW", (await h.TemplateAsync(templateId)).QualityRating);
    }

    private async Task<BroadcastDto> BroadcastAsync(int id) => await (await h.Admin.GetAsync($"/api/whatsapp/broadcasts/{id}")).ReadAsAsync<BroadcastDto>();

    private Task<DateTime> NextAttemptOfAsync(int broadcastId) =>
        h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().Where(m => m.BroadcastId == broadcastId).Select(m => m.NextAttemptAt!.Value).SingleAsync());

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("The condition never held.");
            await Task.Delay(100);
        }
    }
}
