using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;
using static WhatsApp.Tests.Automations.AutomationHarness;

namespace WhatsApp.Tests.Automations;

/// <summary>Quiet hours 21:00–08:00, and São Paulo (UTC−3, no daylight saving) for customers without a zone of their own.</summary>
public class QuietHoursHarness : AutomationHarness
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Automations:QuietHours"] = "21:00-08:00",
        ["App:TimeZone"] = "America/Sao_Paulo",
    };
}

public class QuietHoursTests(QuietHoursHarness h) : IClassFixture<QuietHoursHarness>
{
    [Fact]
    public async Task A_message_created_in_the_customers_quiet_hours_waits_until_they_end()
    {
        var template = await h.TemplateAsync("Ticket {{1}} opened.");
        await h.EnableAsync(EventTypes.TicketCreated, template, Variables("{{ticket.number}}"));
        // 01:00 UTC: 22:00 in São Paulo (quiet), 10:00 in Tokyo (not).
        await h.AdvanceToAsync(new TimeOnly(1, 0));
        var (sleeperId, sleeperPhone) = await h.CustomerAsync();
        var (tokyoId, tokyoPhone) = await h.CustomerAsync(timeZone: "Asia/Tokyo");

        foreach (var customerId in new[] { sleeperId, tokyoId })
            (await h.Admin.PostAsJsonAsync("/api/tickets", new { customerId, subject = "Slow line" })).EnsureSuccessStatusCode();

        Assert.Single(await h.ReceivedAsync(tokyoPhone, template));
        var e = Assert.Single(await h.DecidedEventsAsync(sleeperId, EventTypes.TicketCreated));
        Assert.Equal(AutomationEventStatus.Messaged, e.Status);
        var waiting = await h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().AsNoTracking().SingleAsync(m => m.Id == e.MessageId));
        Assert.Equal(MessageStatus.Queued, waiting.Status);
        var endOfQuietHours = h.Clock.GetUtcNow().UtcDateTime.Date.AddHours(11); // 08:00 in São Paulo
        Assert.Equal(endOfQuietHours, waiting.NextAttemptAt);
        Assert.Empty(h.FakeState.GetMessages("twilio", sleeperPhone));

        await h.AdvanceToAsync(new TimeOnly(11, 0));
        h.App.Services.GetRequiredService<DispatchTrigger>().Kick();

        Assert.Single(await h.ReceivedAsync(sleeperPhone, template));
    }
}
