using WhatsApp.Api.Features.Messaging;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FakeProvider;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Automations;

/// <summary>The app on a clock the test moves, with the fake Twilio as the active provider.</summary>
public class AutomationHarness : SendingHarness
{
    public const string PortalUrl = "https://portal.isp.example";

    /// <summary>
    /// Starts at the real time: Hangfire schedules wake-ups on the real clock, and a fake clock behind it would have them
    /// fire for messages that are not yet due. Tests only ever move it forward.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public int ProviderId { get; private set; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["App:PortalUrl"] = PortalUrl,
        // The throttle counts time on the app's clock, which stands still here.
        ["Dispatch:ThrottleDisabled"] = "true",
    };

    protected override AppFactory CreateApp() => new ClockedAppFactory(null, Settings, Clock);

    /// <summary>A second instance of the app on the same database and clock, as a scaled-out deployment runs it.</summary>
    public AppFactory SecondInstance() => new ClockedAppFactory(App.DatabasePath, Settings, Clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ProviderId = await AddTwilioProviderAsync();
    }

    /// <summary>A template and its ContentSid at the fake Twilio, which tells its messages apart from other tests'.</summary>
    public sealed record Template(int Id, string Sid);

    /// <summary>An APPROVED template with a unique name, bound to the provider.</summary>
    public async Task<Template> TemplateAsync(string body, string status = "APPROVED")
    {
        var sid = "HX" + Guid.NewGuid().ToString("N");
        var created = await AddTemplateAsync(ProviderId, name: $"auto_{Guid.NewGuid():N}"[..20], body: body, status: status, externalId: sid);
        return new Template(created.GetProperty("id").GetInt32(), sid);
    }

    public async Task<JsonElement> EnableAsync(string eventType, Template template, IDictionary<string, string> variables, int[]? offsetsDays = null) =>
        await (await Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{eventType}",
            new { enabled = true, templateId = template.Id, variables, offsetsDays })).ReadJsonAsync();

    public async Task DisableAsync(string eventType) =>
        (await Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{eventType}", new { enabled = false })).EnsureSuccessStatusCode();

    public async Task<(int Id, string Phone)> CustomerAsync(bool optIn = true, string name = "Ana Souza", string? timeZone = null, string? language = "en_US")
    {
        var phone = TestPhones.Next();
        var created = await (await Admin.PostAsJsonAsync("/api/customers", new { name, phone, whatsAppOptIn = optIn, timeZone, language }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("customer").GetProperty("id").GetInt32(), phone);
    }

    /// <summary>Moves the app's clock; signs in again, since bearer tokens expire on that clock too.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        Admin.Dispose();
        Admin = await App.AdminAsync();
    }

    /// <summary>Sets the clock to the next time it is <paramref name="timeOfDay"/> UTC.</summary>
    public Task AdvanceToAsync(TimeOnly timeOfDay)
    {
        var now = Clock.GetUtcNow();
        var target = new DateTimeOffset(now.UtcDateTime.Date + timeOfDay.ToTimeSpan(), TimeSpan.Zero);
        if (target <= now) target = target.AddDays(1);
        return AdvanceAsync(target - now);
    }

    /// <summary>Runs the reminder and expiry scans now, as the recurring job does.</summary>
    public async Task<int> ScanAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AutomationScans>().RunAsync(CancellationToken.None);
    }

    /// <summary>Turns pending events into messages now, as the kicked job and the recovery pass do.</summary>
    public Task ProcessAsync() => App.Services.GetRequiredService<AutomationProcessor>().RunAsync(CancellationToken.None);

    public Task<List<AutomationEvent>> EventsAsync(int customerId) =>
        App.WithDbAsync(db => db.Set<AutomationEvent>().AsNoTracking().Where(e => e.CustomerId == customerId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>Waits until the customer's events of this type are all decided (messaged, skipped or failed), and returns them.</summary>
    public async Task<List<AutomationEvent>> DecidedEventsAsync(int customerId, string type, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var events = (await EventsAsync(customerId)).Where(e => e.Type == type).ToList();
            if (events.Count > 0 && events.All(e => e.Status != AutomationEventStatus.Pending)) return events;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"{type} events of customer {customerId} were never decided: {JsonSerializer.Serialize(events)}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the fake provider to receive (at least) this many messages of the template for the phone, then returns all of them.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ReceivedAsync(string phone, Template template, int count = 1, int seconds = 20)
    {
        List<ReceivedMessage> Received() => FakeState.GetMessages("twilio", phone).Where(m => m.Template == template.Sid).OrderBy(m => m.Seq).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Received().Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                var log = App.LogMessages.Where(m => m.StartsWith("Error") || m.Contains("utomation")).TakeLast(30);
                throw new Xunit.Sdk.XunitException($"{Received().Count} of {count} messages reached {phone}.\nRecent log:\n{string.Join("\n", log)}");
            }
            await Task.Delay(50);
            // On PostgreSQL the instances share Hangfire's queue: a dispatch job fetched by a second instance a test
            // just stopped is found again by the minutely recovery pass. Kicking (a no-op while a fresh job waits)
            // saves the test that minute.
            if (DateTime.UtcNow > deadline.AddSeconds(-seconds / 2.0)) App.Services.GetRequiredService<DispatchTrigger>().Kick();
        }
        // Give a duplicate, were there one, the chance to arrive.
        await Task.Delay(300);
        return Received();
    }

    /// <summary>The values of the one message of the template the phone received, in variable order.</summary>
    public async Task<string[]> SingleMessageAsync(string phone, Template template)
    {
        return Assert.Single(Values(await ReceivedAsync(phone, template)));
    }

    /// <summary>The values of each message of the template the phone received, oldest first.</summary>
    public static List<string[]> Values(IEnumerable<ReceivedMessage> received) =>
        received.Select(m => m.ContentVariableMap!.OrderBy(kv => int.Parse(kv.Key)).Select(kv => kv.Value).ToArray()).ToList();

    /// <summary>Numbered template variables mapped to the given expressions: {"1": first, "2": second …}.</summary>
    public static Dictionary<string, string> Variables(params string[] values) =>
        values.Select((v, i) => (Key: (i + 1).ToString(), Value: v)).ToDictionary(x => x.Key, x => x.Value);

    private sealed class ClockedAppFactory(string? databasePath, IDictionary<string, string?> settings, TimeProvider clock) : AppFactory(databasePath, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
