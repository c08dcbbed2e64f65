using System.Net;
using System.Net.Http.Json;
using System.Text;
using WhatsApp.Api.Features.ApiKeys;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Security;

/// <summary>What every answer carries, and what hostile or malformed input gets.</summary>
public class EdgeTests(SharedApp app) : IClassFixture<SharedApp>
{
    [Theory]
    [InlineData("/api/customers")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/no-such-route")]
    public async Task Api_answers_carry_the_security_headers_and_are_never_cached(string path)
    {
        using var admin = await app.AdminAsync();
        var response = await admin.GetAsync(path);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Contains("script-src 'self';", Header(response, "Content-Security-Policy"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_refused_request_carries_them_too()
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync("/api/customers");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_body_of_the_wrong_content_type_gets_415_problem()
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsync("/api/users", new StringContent("email=a@b.c", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("ana\n@test.local")]
    [InlineData("ana\u0000@test.local")]
    public async Task Control_characters_in_an_email_are_refused_naming_the_field(string email)
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new CreateUserRequest(email, "Valid-Password-1!", "Staff"));
        await response.AssertFieldErrorAsync("email");
    }

    [Fact]
    public async Task An_overlong_email_is_refused_naming_the_field()
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new CreateUserRequest(new string('a', 300) + "@test.local", "Valid-Password-1!", "Staff"));
        await response.AssertFieldErrorAsync("email");
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://metadata.google.internal")]
    [InlineData("https://internal.example.org")]
    public async Task A_provider_base_url_outside_the_allowed_hosts_is_refused(string baseUrl)
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/settings/whatsapp-providers", Twilio(baseUrl));
        var messages = await response.AssertFieldErrorAsync("settings.baseUrl");
        Assert.Contains("Providers:AllowedBaseUrlHosts", messages[0]);
    }

    [Fact]
    public async Task Outside_production_a_loopback_base_url_is_allowed_for_the_fake_provider()
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/settings/whatsapp-providers", Twilio("http://127.0.0.1:5090"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_422_naming_the_conflict()
    {
        using var admin = await app.AdminAsync();
        var key = (await (await admin.PostAsJsonAsync("/api/settings/api-keys", new { name = "Idempotency" })).Content.ReadFromJsonAsync<CreatedApiKeyDto>())!.Key;
        var customer = await (await admin.PostAsJsonAsync("/api/customers", new { name = "Rui Costa", phone = TestPhones.Next(), whatsAppOptIn = true }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var customerId = customer.GetProperty("customer").GetProperty("id").GetInt32();
        using var system = app.Anonymous();
        system.DefaultRequestHeaders.Add("X-Api-Key", key);
        system.DefaultRequestHeaders.Add("Idempotency-Key", "payment-77");
        object Payment(string amount) => new { type = "payment.received", customerId, data = new { amount, currency = "USD" } };

        Assert.Equal(HttpStatusCode.Accepted, (await system.PostAsJsonAsync("/api/events", Payment("20.00"))).StatusCode);
        var replay = await system.PostAsJsonAsync("/api/events", Payment("20.00"));
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("true", Header(replay, "Idempotent-Replayed"));

        var conflict = await (await system.PostAsJsonAsync("/api/events", Payment("35.00"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Idempotency-Key", conflict.GetProperty("field").GetString());
        Assert.Contains("different data", conflict.GetProperty("detail").GetString());
    }

    internal static object Twilio(string baseUrl) => new
    {
        name = $"Twilio {Guid.NewGuid():N}",
        providerType = "twilio",
        credentials = new { accountSid = SendingHarness.TwilioSid, authToken = SendingHarness.TwilioToken, from = "+14155550100" },
        settings = new { baseUrl, messagesPerSecond = 10 },
    };

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : "";
}

public class AllowedBaseUrlHostTests
{
    [Fact]
    public async Task A_configured_host_and_its_wildcard_subdomains_are_allowed()
    {
        using var app = new AppFactory(null, new Dictionary<string, string?> { ["Providers:AllowedBaseUrlHosts"] = "api.twilio.example, *.regional.example" });
        using var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/settings/whatsapp-providers", EdgeTests.Twilio("https://api.twilio.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/settings/whatsapp-providers", EdgeTests.Twilio("https://eu.regional.example/v1"))).StatusCode);
        await (await admin.PostAsJsonAsync("/api/settings/whatsapp-providers", EdgeTests.Twilio("https://regional.example.evil.test"))).AssertFieldErrorAsync("settings.baseUrl");
    }
}

public class AccountSignInLimitTests
{
    [Fact]
    public async Task Too_many_attempts_on_one_account_get_429_while_other_accounts_at_the_same_address_still_sign_in()
    {
        using var app = new AppFactory(null, new Dictionary<string, string?>
        {
            ["Auth:LoginAttemptsPerMinute"] = "3",
            ["Auth:LoginAttemptsPerMinutePerAddress"] = "100",
        });
        using var admin = await app.AdminAsync(); // one attempt on the admin's account
        var email = $"staff-{Guid.NewGuid():N}@test.local";
        (await admin.PostAsJsonAsync("/api/users", new CreateUserRequest(email, "Staff-Password-1!", "Staff"))).EnsureSuccessStatusCode();
        using var client = app.Anonymous();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong" })).StatusCode);
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Staff-Password-1!" });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);

        var other = await client.PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
