using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Providers;

public class ProviderCrudTests : IDisposable
{
    private readonly AppFactory _app = new();
    public void Dispose() => _app.Dispose();

    private const string Path = "/api/settings/whatsapp-providers";

    [Fact]
    public async Task Creating_a_twilio_provider_returns_it_with_the_secret_masked_and_settings()
    {
        using var admin = await _app.AdminAsync();
        var response = await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio(baseUrl: "https://eu1.example.com/", messagesPerSecond: 25));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain(ProviderRequests.TwilioAuthToken, raw);

        var body = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("Main Twilio", body.GetProperty("name").GetString());
        Assert.Equal("twilio", body.GetProperty("providerType").GetString());
        Assert.False(body.GetProperty("isActive").GetBoolean());
        var token = body.GetProperty("credentials").GetProperty("authToken");
        Assert.Equal("••••" + ProviderRequests.TwilioAuthToken[^4..], token.GetProperty("value").GetString());
        Assert.True(token.GetProperty("hasValue").GetBoolean());
        Assert.True(token.GetProperty("secret").GetBoolean());
        Assert.Equal(ProviderRequests.TwilioAccountSid, body.GetProperty("credentials").GetProperty("accountSid").GetProperty("value").GetString());
        Assert.False(body.GetProperty("credentials").GetProperty("apiKeySecret").GetProperty("hasValue").GetBoolean());
        Assert.Equal("https://eu1.example.com", body.GetProperty("settings").GetProperty("baseUrl").GetString());
        Assert.Equal(25, body.GetProperty("settings").GetProperty("messagesPerSecond").GetInt32());
        Assert.Equal($"{Path}/{body.GetProperty("id").GetInt32()}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Staff_see_provider_summaries_without_credentials_or_settings()
    {
        using var admin = await _app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio())).ReadJsonAsync(HttpStatusCode.Created);
        (await admin.PostAsync($"{Path}/{created.GetProperty("id").GetInt32()}/set-active", null)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Path, ProviderRequests.Meta())).EnsureSuccessStatusCode();

        using var staff = await _app.StaffAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(Path)).StatusCode);
        var raw = await staff.GetStringAsync("/api/whatsapp/providers");
        Assert.DoesNotContain("credentials", raw);
        Assert.DoesNotContain(ProviderRequests.TwilioAccountSid, raw);
        var summaries = JsonDocument.Parse(raw).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, summaries.Count);
        var twilio = Assert.Single(summaries, p => p.GetProperty("providerType").GetString() == "twilio");
        Assert.True(twilio.GetProperty("isActive").GetBoolean());
        Assert.Equal("Main Twilio", twilio.GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_and_get_never_return_a_plaintext_secret_for_any_provider_type()
    {
        using var admin = await _app.AdminAsync();
        foreach (var request in new[] { ProviderRequests.Twilio(), ProviderRequests.Vonage(), ProviderRequests.Meta() })
            (await admin.PostAsJsonAsync(Path, request)).EnsureSuccessStatusCode();

        var list = await admin.GetStringAsync(Path);
        var one = await admin.GetStringAsync($"{Path}/1");
        foreach (var secret in new[] { ProviderRequests.TwilioAuthToken, "vonage-api-secret-55aa", "EAAG-meta-access-token-998877", "meta-app-secret-445566" })
        {
            Assert.DoesNotContain(secret, list);
            Assert.DoesNotContain(secret, one);
        }
        Assert.Equal(3, JsonDocument.Parse(list).RootElement.GetArrayLength());
        Assert.Contains("••••", list);
    }

    [Fact]
    public async Task Types_declare_each_drivers_credential_fields_with_secret_flags()
    {
        using var admin = await _app.AdminAsync();
        var types = await (await admin.GetAsync($"{Path}/types")).ReadJsonAsync();
        var byType = types.EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!);
        Assert.Equal(["meta", "twilio", "vonage"], byType.Keys.Order());

        bool Secret(string type, string key) => byType[type].GetProperty("credentialFields").EnumerateArray()
            .Single(f => f.GetProperty("key").GetString() == key).GetProperty("secret").GetBoolean();
        Assert.True(Secret("twilio", "authToken"));
        Assert.True(Secret("twilio", "apiKeySecret"));
        Assert.False(Secret("twilio", "accountSid"));
        Assert.True(Secret("vonage", "privateKey"));
        Assert.True(Secret("vonage", "signatureSecret"));
        Assert.True(Secret("meta", "accessToken"));
        Assert.True(Secret("meta", "verifyToken"));
        Assert.False(Secret("meta", "phoneNumberId"));
    }

    [Fact]
    public async Task A_vonage_account_needs_its_signature_secret_and_the_form_says_why_key_and_secret_alone_get_no_signed_webhooks()
    {
        using var admin = await _app.AdminAsync();
        var response = await admin.PostAsJsonAsync(Path, new
        {
            name = "Vonage without signatures",
            providerType = "vonage",
            credentials = new Dictionary<string, string?> { ["apiKey"] = "abcd1234", ["apiSecret"] = "vonage-api-secret-55aa", ["from"] = "+447700900001" },
        });
        await response.AssertFieldErrorAsync("credentials.signatureSecret");

        var types = await (await admin.GetAsync($"{Path}/types")).ReadAsAsync<List<ProviderTypeDto>>();
        var fields = types.Single(t => t.Type == "vonage").CredentialFields.ToDictionary(f => f.Key);
        Assert.True(fields["signatureSecret"].Required);
        Assert.Contains("signs no webhooks", fields["apiKey"].Help);
        Assert.Contains("refused", fields["signatureSecret"].Help);
    }

    [Fact]
    public async Task Missing_and_invalid_credentials_are_each_named_in_a_400_problem()
    {
        using var admin = await _app.AdminAsync();
        var response = await admin.PostAsJsonAsync(Path, new
        {
            name = "Broken",
            providerType = "twilio",
            credentials = new { accountSid = "XX123", from = "12" },
            settings = new { messagesPerSecond = 0 },
        });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("credentials.authToken", out _));
        Assert.True(errors.TryGetProperty("credentials.accountSid", out _));
        Assert.True(errors.TryGetProperty("credentials.from", out _));
        Assert.True(errors.TryGetProperty("settings.messagesPerSecond", out _));
        Assert.Equal(0, await _app.WithDbAsync(db => db.WhatsAppProviders.CountAsync()));
    }

    [Fact]
    public async Task Missing_name_type_and_credentials_are_named()
    {
        using var admin = await _app.AdminAsync();
        var problem = await (await admin.PostAsJsonAsync(Path, new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("providerType", out _));
        Assert.True(errors.TryGetProperty("credentials", out _));
    }

    [Fact]
    public async Task An_unknown_provider_type_is_400_naming_providerType()
    {
        using var admin = await _app.AdminAsync();
        var response = await admin.PostAsJsonAsync(Path, new { name = "X", providerType = "carrier-pigeon", credentials = new { } });
        var messages = await response.AssertFieldErrorAsync("providerType");
        Assert.Contains(messages, m => m.Contains("twilio"));
    }

    [Fact]
    public async Task An_unknown_credential_key_is_refused_by_name()
    {
        using var admin = await _app.AdminAsync();
        var request = new
        {
            name = "Typo",
            providerType = "twilio",
            credentials = new Dictionary<string, string> { ["accountSid"] = ProviderRequests.TwilioAccountSid, ["authToken"] = "x", ["from"] = "+14155550100", ["authTokn"] = "y" },
        };
        await (await admin.PostAsJsonAsync(Path, request)).AssertFieldErrorAsync("credentials.authTokn");
    }

    [Fact]
    public async Task A_bad_base_url_is_named()
    {
        using var admin = await _app.AdminAsync();
        await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio(baseUrl: "ftp://nope"))).AssertFieldErrorAsync("settings.baseUrl");
    }

    [Theory]
    [InlineData("main twilio")]
    [InlineData("MAIN TWILIO ")]
    public async Task Names_are_unique_case_insensitively_409(string duplicate)
    {
        using var admin = await _app.AdminAsync();
        (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio("Main Twilio"))).EnsureSuccessStatusCode();
        var problem = await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio(duplicate))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("name", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Renaming_onto_another_providers_name_is_409()
    {
        using var admin = await _app.AdminAsync();
        (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio("A"))).EnsureSuccessStatusCode();
        var b = await (await admin.PostAsJsonAsync(Path, ProviderRequests.Vonage("B"))).ReadJsonAsync(HttpStatusCode.Created);
        var response = await admin.PutAsJsonAsync($"{Path}/{b.GetProperty("id").GetInt32()}", new { name = "a" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/set-active")]
    public async Task Unknown_ids_are_404(string method, string suffix)
    {
        using var admin = await _app.AdminAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), $"{Path}/9999{suffix}");
        if (method == "PUT") request.Content = JsonContent.Create(ProviderRequests.Twilio());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Update_keeps_omitted_and_masked_secrets_and_replaces_typed_ones()
    {
        using var admin = await _app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio())).ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var mask = created.GetProperty("credentials").GetProperty("authToken").GetProperty("value").GetString();

        // The form echoes the mask back: the stored token stays.
        var echoed = await admin.PutAsJsonAsync($"{Path}/{id}", new
        {
            name = "Renamed",
            credentials = new Dictionary<string, string?> { ["accountSid"] = ProviderRequests.TwilioAccountSid, ["authToken"] = mask, ["from"] = "+14155550111" },
        });
        var updated = await echoed.ReadJsonAsync();
        Assert.Equal("Renamed", updated.GetProperty("name").GetString());
        Assert.Equal("+14155550111", updated.GetProperty("credentials").GetProperty("from").GetProperty("value").GetString());
        Assert.Equal(ProviderRequests.TwilioAuthToken, await StoredAsync(id, "authToken"));

        // Omitted entirely: kept too.
        (await admin.PutAsJsonAsync($"{Path}/{id}", new { settings = new { messagesPerSecond = 10 } })).EnsureSuccessStatusCode();
        Assert.Equal(ProviderRequests.TwilioAuthToken, await StoredAsync(id, "authToken"));
        Assert.Equal("Renamed", await _app.WithDbAsync(db => db.WhatsAppProviders.Where(p => p.Id == id).Select(p => p.Name).SingleAsync()));

        // Typed: replaced.
        (await admin.PutAsJsonAsync($"{Path}/{id}", new { credentials = new { authToken = "a-brand-new-token-0000" } })).EnsureSuccessStatusCode();
        Assert.Equal("a-brand-new-token-0000", await StoredAsync(id, "authToken"));
    }

    [Fact]
    public async Task The_provider_type_cannot_change_on_update()
    {
        using var admin = await _app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio())).ReadJsonAsync(HttpStatusCode.Created);
        var response = await admin.PutAsJsonAsync($"{Path}/{created.GetProperty("id").GetInt32()}", new { providerType = "meta" });
        await response.AssertFieldErrorAsync("providerType");
    }

    [Fact]
    public async Task Deleting_the_active_provider_is_409_and_an_inactive_one_is_deleted()
    {
        using var admin = await _app.AdminAsync();
        var a = (await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio("A"))).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var b = (await (await admin.PostAsJsonAsync(Path, ProviderRequests.Meta("B"))).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        (await admin.PostAsync($"{Path}/{a}/set-active", null)).EnsureSuccessStatusCode();

        await (await admin.DeleteAsync($"{Path}/{a}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Path}/{b}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Path}/{b}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{Path}/{a}")).StatusCode);
    }

    [Fact]
    public async Task Set_active_makes_exactly_that_provider_active()
    {
        using var admin = await _app.AdminAsync();
        var ids = new List<int>();
        foreach (var request in new[] { ProviderRequests.Twilio(), ProviderRequests.Vonage(), ProviderRequests.Meta() })
            ids.Add((await (await admin.PostAsJsonAsync(Path, request)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());

        foreach (var id in new[] { ids[0], ids[2], ids[1] })
        {
            var result = await (await admin.PostAsync($"{Path}/{id}/set-active", null)).ReadJsonAsync();
            Assert.True(result.GetProperty("isActive").GetBoolean());
            var list = await (await admin.GetAsync(Path)).ReadJsonAsync();
            Assert.Equal([id], list.EnumerateArray().Where(p => p.GetProperty("isActive").GetBoolean()).Select(p => p.GetProperty("id").GetInt32()));
        }
    }

    [Fact]
    public async Task Concurrent_set_active_calls_leave_exactly_one_active()
    {
        using var admin = await _app.AdminAsync();
        var ids = new List<int>();
        for (var i = 0; i < 6; i++)
            ids.Add((await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio($"P{i}"))).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => admin.PostAsync($"{Path}/{ids[i % ids.Count]}/set-active", null)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await _app.WithDbAsync(db => db.WhatsAppProviders.CountAsync(p => p.IsActive)));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_active_provider()
    {
        using var admin = await _app.AdminAsync();
        var a = (await (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio("A"))).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var b = (await (await admin.PostAsJsonAsync(Path, ProviderRequests.Meta("B"))).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        (await admin.PostAsync($"{Path}/{a}/set-active", null)).EnsureSuccessStatusCode();

        var error = await Record.ExceptionAsync(() => _app.WithDbAsync(db =>
            db.WhatsAppProviders.Where(p => p.Id == b).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, true))));
        Assert.NotNull(error);
        Assert.Contains("UNIQUE", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{\"name\": \"x\", ", "body")]
    [InlineData("{\"name\": 12, \"providerType\": \"twilio\"}", "name")]
    [InlineData("{\"name\": \"x\", \"providerType\": \"twilio\", \"credentials\": {\"accountSid\": 5}}", "credentials.accountSid")]
    [InlineData("{\"name\": \"x\", \"providerType\": \"twilio\", \"settings\": {\"messagesPerSecond\": \"fast\"}}", "settings.messagesPerSecond")]
    [InlineData("[1, 2]", "body")]
    public async Task Malformed_json_is_a_400_problem_naming_the_field(string json, string field)
    {
        using var admin = await _app.AdminAsync();
        var response = await admin.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));
        await response.AssertFieldErrorAsync(field);
    }

    private Task<string?> StoredAsync(int id, string key) => _app.WithDbAsync(async db =>
    {
        var row = await db.WhatsAppProviders.SingleAsync(p => p.Id == id);
        return _app.Services.GetRequiredService<ProviderCredentials>().Unprotect(row).GetValueOrDefault(key);
    });
}
