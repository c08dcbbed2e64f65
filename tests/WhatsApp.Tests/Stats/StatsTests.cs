using System.Net;
using System.Text.Json;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Stats;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Stats;

/// <summary>A known history: two days ago, today, and forty days ago (outside the default 30-day range).</summary>
public sealed class StatsFixture : IAsyncLifetime
{
    public AppFactory App { get; } = new();
    public HttpClient Admin { get; private set; } = null!;
    public DateTime Today { get; } = DateTime.UtcNow.Date;
    public int ProviderId { get; private set; }
    /// <summary>When today's undelivered message was accepted: the provider's only success, never marked on the provider.</summary>
    public DateTime AcceptedAt { get; } = DateTime.UtcNow.AddHours(-1);

    public async Task InitializeAsync()
    {
        Admin = await App.AdminAsync();
        await App.WithDbAsync(async db =>
        {
            var provider = new WhatsAppProvider { Name = "Main", ProviderType = "twilio", EncryptedCredentials = "x", CreatedAt = Today, UpdatedAt = Today };
            provider.Rename("Main");
            db.Add(provider);
            await db.SaveChangesAsync();
            ProviderId = provider.Id;

            void Add(int daysAgo, string template, MessageStatus status, int count, string? error = null, DateTime? acceptedAt = null)
            {
                for (var i = 0; i < count; i++)
                    db.Add(new WhatsAppMessage
                    {
                        ToPhone = "+12125550100", TemplateId = template == "bill_due" ? 1 : 2, TemplateName = template, TemplateLanguage = "en", ParametersJson = "{}",
                        ProviderId = provider.Id, ProviderType = "twilio", Status = status, ErrorCode = error,
                        CreatedAt = Today.AddDays(-daysAgo).AddHours(10), UpdatedAt = Today, AcceptedAt = acceptedAt,
                    });
            }
            Add(2, "bill_due", MessageStatus.Read, 3);
            Add(2, "bill_due", MessageStatus.Failed, 1, "63016");
            Add(2, "offer", MessageStatus.Delivered, 2);
            Add(0, "offer", MessageStatus.Undelivered, 1, "63024", AcceptedAt);
            Add(0, "offer", MessageStatus.Queued, 1);
            Add(40, "bill_due", MessageStatus.Read, 5);

            var customer = new Customer { Name = "A", Phone = "+12125550100", WhatsAppOptIn = false, CreatedAt = Today, UpdatedAt = Today };
            db.Add(customer);
            await db.SaveChangesAsync();
            db.Add(new ConsentRecord { CustomerId = customer.Id, OptedIn = true, At = Today.AddDays(-3), Source = ConsentSource.Profile });
            db.Add(new ConsentRecord { CustomerId = customer.Id, OptedIn = false, At = Today.AddDays(-1), Source = ConsentSource.StopReply });
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

public class StatsTests(StatsFixture f) : IClassFixture<StatsFixture>
{
    private async Task<JsonElement> GetAsync(string path) => await (await f.Admin.GetAsync(path)).ReadJsonAsync();

    [Fact]
    public async Task Daily_counts_cover_each_day_of_the_range_by_status_and_leave_older_messages_out()
    {
        var days = (await GetAsync("/api/whatsapp/stats/daily")).EnumerateArray().ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(DateOnly.FromDateTime(f.Today).ToString("yyyy-MM-dd"), days[^1].GetProperty("day").GetString());
        var twoDaysAgo = days[^3];
        Assert.Equal(3, twoDaysAgo.GetProperty("read").GetInt32());
        Assert.Equal(2, twoDaysAgo.GetProperty("delivered").GetInt32());
        Assert.Equal(1, twoDaysAgo.GetProperty("failed").GetInt32());
        Assert.Equal(1, days[^1].GetProperty("failed").GetInt32());
        Assert.Equal(1, days[^1].GetProperty("queued").GetInt32());
        Assert.Equal(8, days.Sum(d => d.EnumerateObject().Where(p => p.Name != "day").Sum(p => p.Value.GetInt32())));
    }

    [Fact]
    public async Task Template_and_provider_rates_count_what_left_not_what_waits()
    {
        var templates = (await GetAsync("/api/whatsapp/stats/templates")).EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        var bill = templates["bill_due"];
        Assert.Equal(4, bill.GetProperty("total").GetInt32());
        Assert.Equal(0.75, bill.GetProperty("deliveryRate").GetDouble());
        Assert.Equal(0.75, bill.GetProperty("readRate").GetDouble());
        var offer = templates["offer"];
        Assert.Equal(3, offer.GetProperty("total").GetInt32());
        Assert.Equal(2, offer.GetProperty("delivered").GetInt32());
        Assert.Equal(0, offer.GetProperty("read").GetInt32());

        var provider = Assert.Single((await GetAsync("/api/whatsapp/stats/providers")).EnumerateArray());
        Assert.Equal("Main", provider.GetProperty("name").GetString());
        Assert.Equal(7, provider.GetProperty("total").GetInt32());
        Assert.Equal(2, provider.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task A_provider_with_messages_accepted_today_never_reads_as_having_sent_none()
    {
        var health = await (await f.Admin.GetAsync("/api/whatsapp/stats/health")).ReadAsAsync<List<ProviderHealthDto>>();
        var main = Assert.Single(health, p => p.Id == f.ProviderId);
        Assert.Equal(1, main.SentLast24h);
        Assert.NotNull(main.LastSuccessAt);
        Assert.True(Math.Abs((main.LastSuccessAt!.Value - f.AcceptedAt).TotalSeconds) < 1);
    }

    [Fact]
    public async Task Failures_are_grouped_by_code_with_their_meaning()
    {
        var failures = (await GetAsync("/api/whatsapp/stats/failures")).EnumerateArray().ToDictionary(x => x.GetProperty("code").GetString()!);
        Assert.Equal(2, failures.Count);
        Assert.Equal(1, failures["63016"].GetProperty("count").GetInt32());
        Assert.False(string.IsNullOrEmpty(failures["63016"].GetProperty("meaning").GetString()));
    }

    [Fact]
    public async Task Consent_shows_opt_ins_and_outs_per_day_and_opt_outs_by_source()
    {
        var consent = await GetAsync("/api/whatsapp/stats/consent?days=7");
        Assert.Equal(0, consent.GetProperty("optedInNow").GetInt32());
        var days = consent.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal(1, days[^4].GetProperty("optedIn").GetInt32());
        Assert.Equal(1, days[^2].GetProperty("optedOut").GetInt32());
        var source = Assert.Single(consent.GetProperty("optOutsBySource").EnumerateArray());
        Assert.Equal("StopReply", source.GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("/api/whatsapp/stats/daily?days=0")]
    [InlineData("/api/whatsapp/stats/templates?days=1000")]
    [InlineData("/api/whatsapp/stats/consent?days=x")]
    public async Task A_bad_range_is_a_400_naming_days(string path)
    {
        await (await f.Admin.GetAsync(path)).AssertFieldErrorAsync("days");
    }
}
