using System.Net.Http.Json;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Infrastructure;
using WhatsApp.Tests.Messaging;

namespace WhatsApp.Tests.Consent;

/// <summary>Twilio announces no template changes: the scheduled re-sync (the existing sync, then the lifecycle's review) finds them.</summary>
public class TemplateResyncTests(TwilioHarness h) : IClassFixture<TwilioHarness>
{
    [Fact]
    public async Task The_scheduled_resync_finds_a_template_twilio_paused_and_pauses_its_automation()
    {
        var templates = await (await h.Admin.GetAsync("/api/whatsapp/templates")).ReadAsAsync<List<TemplateDto>>();
        var bill = templates.Single(t => t.Name == "bill_due");
        (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{EventTypes.BillCreated}", new
        {
            enabled = true, templateId = bill.Id, variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "{{bill.amount}}" },
        })).EnsureSuccessStatusCode();
        h.FakeState.SeedTwilioTemplates([new TwilioTemplate
        {
            Sid = h.ContentSid, FriendlyName = "bill_due", Language = "en_US", Body = "Hi {{1}}, your bill of {{2}} is due.",
            Variables = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$1" }, Category = "UTILITY", Status = "paused",
        }]);

        using (var scope = h.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<TemplateResync>().RunAsync(CancellationToken.None);

        var automation = (await (await h.Admin.GetAsync("/api/settings/whatsapp-automations")).ReadAsAsync<List<AutomationDto>>())
            .Single(a => a.EventType == EventTypes.BillCreated);
        Assert.Contains("PAUSED", automation.PausedReason);
        var paused = await (await h.Admin.GetAsync("/api/whatsapp/templates/paused-uses")).ReadAsAsync<List<PausedUseDto>>();
        Assert.Contains(paused, p => p.Kind == "automation" && p.TemplateId == bill.Id);
    }

    [Fact]
    public async Task A_sync_from_the_templates_page_pauses_what_uses_a_paused_template_and_resumes_it_once_approved_again()
    {
        var bill = (await (await h.Admin.GetAsync("/api/whatsapp/templates")).ReadAsAsync<List<TemplateDto>>()).Single(t => t.Name == "bill_due");
        (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{EventTypes.PaymentReceived}", new
        {
            enabled = true, templateId = bill.Id, variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "{{payment.amount}}" },
        })).EnsureSuccessStatusCode();

        async Task<string?> SyncAtAsync(string status)
        {
            h.FakeState.SeedTwilioTemplates([new TwilioTemplate
            {
                Sid = h.ContentSid, FriendlyName = "bill_due", Language = "en_US", Body = "Hi {{1}}, your bill of {{2}} is due.",
                Variables = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$1" }, Category = "UTILITY", Status = status,
            }]);
            (await h.Admin.PostAsync("/api/whatsapp/templates/sync", null)).EnsureSuccessStatusCode();
            return (await (await h.Admin.GetAsync("/api/settings/whatsapp-automations")).ReadAsAsync<List<AutomationDto>>())
                .Single(a => a.EventType == EventTypes.PaymentReceived).PausedReason;
        }

        Assert.Contains("PAUSED", await SyncAtAsync("paused"));
        Assert.Null(await SyncAtAsync("approved"));
    }
}
