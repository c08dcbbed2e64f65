using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Stats;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Providers;

/// <summary>
/// The active Twilio points at a port where nothing listens (the provider is down); the standby is a Twilio at the
/// fake. Two attempts are the retry budget here.
/// </summary>
public class FailoverHarness : SendingHarness
{
    public int DownId { get; private set; }
    public int StandbyId { get; private set; }
    private int _nextPhone;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Dispatch:MaxAttempts"] = "2",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DownId = await AddTwilioProviderAsync("Primary (down)", activate: true, messagesPerSecond: 100, baseUrl: "http://127.0.0.1:9");
        StandbyId = await AddTwilioProviderAsync("Backup", activate: false, messagesPerSecond: 100);
    }

    /// <summary>A template bound to the providers given (each binding its own content SID).</summary>
    public async Task<string> AddTemplateBoundToAsync(params int[] providerIds)
    {
        var name = $"notice_{Guid.NewGuid():N}"[..20];
        (await Admin.PostAsJsonAsync("/api/whatsapp/templates", new
        {
            name, language = "en_US", category = "UTILITY", body = "Hi {{1}}", status = "APPROVED",
            bindings = providerIds.Select(id => new { providerId = id, externalId = "HX" + Guid.NewGuid().ToString("N") }).ToArray(),
        })).EnsureSuccessStatusCode();
        return name;
    }

    public string NextPhone() => $"+1415555{2000 + Interlocked.Increment(ref _nextPhone):0000}";

    public async Task<long> SendAsync(string phone, string template)
    {
        await AddCustomerAsync(phone);
        var response = await Admin.PostAsJsonAsync("/api/whatsapp/messages", new { to = phone, templateName = template, parameters = new Dictionary<string, string> { ["1"] = "Ana" } });
        return (await response.ReadAsAsync<MessageDto>(HttpStatusCode.Created)).Id;
    }

    public Task MarkStandbyAsync(int id) => Admin.PostAsync($"/api/settings/whatsapp-providers/{id}/standby", null).ContinueWith(t => t.Result.EnsureSuccessStatusCode());
}

public class FailoverTests(FailoverHarness h) : IClassFixture<FailoverHarness>
{
    private static bool IsFinal(MessageDto m) => m.Status != MessageStatus.Queued;

    private async Task<ProviderHealthDto> HealthAsync(int providerId) =>
        (await (await h.Admin.GetAsync("/api/whatsapp/stats/health")).ReadAsAsync<List<ProviderHealthDto>>()).Single(p => p.Id == providerId);

    [Fact]
    public async Task With_a_standby_a_message_the_down_provider_gave_up_on_is_carried_by_the_standby_and_the_log_says_so()
    {
        await h.MarkStandbyAsync(h.StandbyId);
        var template = await h.AddTemplateBoundToAsync(h.DownId, h.StandbyId);
        var phone = h.NextPhone();
        var id = await h.SendAsync(phone, template);

        var message = await h.WaitForMessageAsync(id, IsFinal);
        Assert.NotEqual(MessageStatus.Failed, message.Status);
        Assert.Equal(h.StandbyId, message.ProviderId);
        // Two attempts at the down provider (its budget), the third at the standby.
        Assert.Equal(3, message.Attempts);
        Assert.Single(h.FakeState.GetMessages("twilio", $"whatsapp:{phone}"));

        // The Sent Log's filter by provider finds it under the standby.
        var log = await (await h.Admin.GetAsync($"/api/whatsapp/messages?providerId={h.StandbyId}&search={Uri.EscapeDataString(phone)}")).ReadAsAsync<MessagePage>();
        Assert.Contains(log.Items, m => m.Id == id);

        // And the health card saw both sides.
        var down = await HealthAsync(h.DownId);
        var standby = await HealthAsync(h.StandbyId);
        Assert.True(down.IsActive);
        Assert.NotNull(down.LastErrorAt);
        Assert.False(string.IsNullOrEmpty(down.LastErrorCode));
        Assert.True(standby.IsStandby);
        Assert.NotNull(standby.LastSuccessAt);
        Assert.True(standby.SentLast24h >= 1);
    }

    [Fact]
    public async Task While_the_active_providers_circuit_is_open_messages_go_to_the_standby_at_once()
    {
        await h.MarkStandbyAsync(h.StandbyId);
        var template = await h.AddTemplateBoundToAsync(h.DownId, h.StandbyId);
        // What the driver reports when its circuit breaker refuses sends.
        h.App.Services.GetRequiredService<ProviderCircuits>().Record(h.DownId, new SendError(SendErrorKind.Transient, "circuit_open", "open", TimeSpan.FromSeconds(30)));
        try
        {
            Assert.Equal("open", (await HealthAsync(h.DownId)).CircuitState);

            var phone = h.NextPhone();
            var id = await h.SendAsync(phone, template);
            var message = await h.WaitForMessageAsync(id, IsFinal);
            Assert.Equal(h.StandbyId, message.ProviderId);
            Assert.Equal(1, message.Attempts);
        }
        finally
        {
            h.App.Services.GetRequiredService<ProviderCircuits>().Record(h.DownId, null);
        }
    }

    [Fact]
    public async Task Without_a_standby_nothing_fails_over_and_the_message_fails_with_the_active_providers_error()
    {
        // Failover is off by default: clearing the standby puts the app back there.
        (await h.Admin.DeleteAsync("/api/settings/whatsapp-providers/standby")).EnsureSuccessStatusCode();
        try
        {
            var template = await h.AddTemplateBoundToAsync(h.DownId, h.StandbyId);
            var phone = h.NextPhone();
            var id = await h.SendAsync(phone, template);
            var message = await h.WaitForMessageAsync(id, IsFinal);
            Assert.Equal(MessageStatus.Failed, message.Status);
            Assert.Equal(h.DownId, message.ProviderId);
            Assert.Equal(2, message.Attempts);
            Assert.False(string.IsNullOrEmpty(message.Error?.Code));
            Assert.Empty(h.FakeState.GetMessages("twilio", $"whatsapp:{phone}"));
        }
        finally
        {
            await h.MarkStandbyAsync(h.StandbyId);
        }
    }

    [Fact]
    public async Task A_template_the_standby_does_not_have_stays_with_the_active_provider()
    {
        await h.MarkStandbyAsync(h.StandbyId);
        var template = await h.AddTemplateBoundToAsync(h.DownId);
        var phone = h.NextPhone();
        var id = await h.SendAsync(phone, template);
        var message = await h.WaitForMessageAsync(id, IsFinal);
        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal(h.DownId, message.ProviderId);
        Assert.Empty(h.FakeState.GetMessages("twilio", $"whatsapp:{phone}"));
    }
}

/// <summary>The standby flag through the settings API.</summary>
public class StandbySettingsTests(FailoverHarness h) : IClassFixture<FailoverHarness>
{
    private async Task<ProviderDto> ProviderAsync(int id) => await (await h.Admin.GetAsync($"/api/settings/whatsapp-providers/{id}")).ReadAsAsync<ProviderDto>();

    [Fact]
    public async Task The_active_provider_cannot_be_the_standby()
    {
        var problem = await (await h.Admin.PostAsync($"/api/settings/whatsapp-providers/{h.DownId}/standby", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("active", problem.GetProperty("detail").GetString());
        Assert.False((await ProviderAsync(h.DownId)).IsStandby);
    }

    [Fact]
    public async Task At_most_one_standby_and_a_standby_made_active_stops_being_standby()
    {
        var third = await h.AddTwilioProviderAsync($"Third {Guid.NewGuid():N}"[..12], activate: false, messagesPerSecond: 100);
        await h.MarkStandbyAsync(h.StandbyId);
        await h.MarkStandbyAsync(third);
        Assert.False((await ProviderAsync(h.StandbyId)).IsStandby);
        Assert.True((await ProviderAsync(third)).IsStandby);

        (await h.Admin.PostAsync($"/api/settings/whatsapp-providers/{third}/set-active", null)).EnsureSuccessStatusCode();
        var now = await ProviderAsync(third);
        Assert.True(now.IsActive);
        Assert.False(now.IsStandby);
        (await h.Admin.PostAsync($"/api/settings/whatsapp-providers/{h.DownId}/set-active", null)).EnsureSuccessStatusCode();
        (await h.Admin.DeleteAsync($"/api/settings/whatsapp-providers/{third}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_messaging_tier_is_saved_validated_and_cleared()
    {
        var put = (int? tier) => h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-providers/{h.StandbyId}", new
        {
            name = "Backup", providerType = "twilio",
            settings = new { baseUrl = h.FakeUrl, messagesPerSecond = 100, dailyMessagingLimit = tier },
        });
        Assert.Equal(10_000, (await (await put(10_000)).ReadAsAsync<ProviderDto>()).Settings.DailyMessagingLimit);
        var problem = await (await put(0)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("settings.dailyMessagingLimit", out _));
        Assert.Null((await (await put(null)).ReadAsAsync<ProviderDto>()).Settings.DailyMessagingLimit);
    }
}
