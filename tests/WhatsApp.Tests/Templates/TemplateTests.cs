using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Templates;

public class TemplateTests(SendingHarness h) : IClassFixture<SendingHarness>
{
    private const string Path = "/api/whatsapp/templates";

    private static object Template(string name, string body, object? variables = null, string status = "APPROVED") =>
        new { name, language = "en_US", category = "UTILITY", body, status, variables };

    [Fact]
    public async Task A_template_is_created_with_variables_from_its_placeholders_and_listed()
    {
        var created = await (await h.Admin.PostAsJsonAsync(Path, Template("payment_ok", "Thanks {{1}}, we got {{2}}.",
            new[] { new { key = "1", label = "Customer name", sample = "Ana" } }))).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Positional", created.GetProperty("parameterFormat").GetString());
        var variables = created.GetProperty("variables").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], variables.Select(v => v.GetProperty("key").GetString()));
        Assert.Equal("Customer name", variables[0].GetProperty("label").GetString());
        Assert.Equal("2", variables[1].GetProperty("label").GetString());

        var list = await (await h.Admin.GetAsync($"{Path}?q=PAYMENT_OK")).ReadJsonAsync();
        Assert.Contains(list.EnumerateArray(), t => t.GetProperty("name").GetString() == "payment_ok");
    }

    [Theory]
    [InlineData("Hi {{1}} and {{3}}", "body")]
    [InlineData("Hi {{1}} and {{name}}", "body")]
    [InlineData("Hi {{Name}}", "body")]
    [InlineData("", "body")]
    public async Task Bad_placeholders_are_400_naming_the_body(string body, string field)
    {
        await (await h.Admin.PostAsJsonAsync(Path, Template($"t_{Guid.NewGuid():N}", body))).AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task A_variable_that_is_not_in_the_body_is_named()
    {
        var response = await h.Admin.PostAsJsonAsync(Path, Template("extra_var", "Hi {{1}}", new[] { new { key = "2", label = "x", sample = "y" } }));
        await response.AssertFieldErrorAsync("variables.2");
    }

    [Fact]
    public async Task Invalid_language_category_and_binding_are_named()
    {
        var response = await h.Admin.PostAsJsonAsync(Path, new
        {
            name = "x", language = "english", body = "Hi", bindings = new[] { new { providerId = 999, externalId = "" } },
        });
        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("language", out _));
        Assert.True(errors.TryGetProperty("category", out _));
        Assert.True(errors.TryGetProperty("bindings[0].providerId", out _));
        Assert.True(errors.TryGetProperty("bindings[0].externalId", out _));
    }

    [Fact]
    public async Task Name_and_language_are_unique_update_and_delete_work()
    {
        var created = await (await h.Admin.PostAsJsonAsync(Path, Template("dup_name", "Hi {{1}}"))).ReadJsonAsync(HttpStatusCode.Created);
        await (await h.Admin.PostAsJsonAsync(Path, Template("dup_name", "Hello {{1}}"))).AssertProblemAsync(HttpStatusCode.Conflict);

        var id = created.GetProperty("id").GetInt32();
        var updated = await (await h.Admin.PutAsJsonAsync($"{Path}/{id}", new { body = "Hello {{customer_name}}" })).ReadJsonAsync();
        Assert.Equal("Named", updated.GetProperty("parameterFormat").GetString());
        Assert.Equal("customer_name", updated.GetProperty("variables")[0].GetProperty("key").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await h.Admin.DeleteAsync($"{Path}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h.Admin.GetAsync($"{Path}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Staff_manage_templates_anonymous_cannot()
    {
        using var staff = await h.App.StaffAsync();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync(Path, Template("staff_made", "Hi {{1}}"))).StatusCode);
        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task Sync_without_an_active_provider_is_409()
    {
        using var app = new AppFactory();
        using var admin = await app.AdminAsync();
        await (await admin.PostAsync($"{Path}/sync", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}

public class TemplateSyncTests
{
    [Fact]
    public async Task Twilio_sync_upserts_templates_with_status_and_the_top_level_rejection_reason()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            var providerId = await h.AddTwilioProviderAsync();
            h.FakeState.SeedTwilioTemplates(Enumerable.Range(0, 60).Select(i => new TwilioTemplate
            {
                Sid = "HX" + i.ToString("x32"),
                FriendlyName = i == 1 ? "promo_rejected" : $"notice_{i}",
                Language = "en",
                Body = i == 1 ? "Big sale {{1}}!" : "Hi {{1}}, notice {{2}}.",
                Variables = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "x" },
                Category = i == 1 ? "MARKETING" : "UTILITY",
                Status = i == 1 ? "rejected" : "approved",
                RejectionReason = i == 1 ? "Promotional content in a utility template" : "",
            }));

            var result = await (await h.Admin.PostAsync("/api/whatsapp/templates/sync", null)).ReadJsonAsync();
            Assert.Equal(60, result.GetProperty("total").GetInt32());
            Assert.Equal(60, result.GetProperty("created").GetInt32());

            var templates = await (await h.Admin.GetAsync("/api/whatsapp/templates")).ReadJsonAsync();
            var rejected = templates.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "promo_rejected");
            Assert.Equal("REJECTED", rejected.GetProperty("status").GetString());
            Assert.Equal("Promotional content in a utility template", rejected.GetProperty("rejectionReason").GetString());
            Assert.False(rejected.GetProperty("sendable").GetBoolean());
            var approved = templates.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "notice_0");
            Assert.Equal("APPROVED", approved.GetProperty("status").GetString());
            Assert.True(approved.GetProperty("sendable").GetBoolean());
            Assert.Equal("HX" + 0.ToString("x32"), approved.GetProperty("bindings")[0].GetProperty("externalId").GetString());
            Assert.Equal(providerId, approved.GetProperty("bindings")[0].GetProperty("providerId").GetInt32());

            // A second sync changes nothing; an approval arriving later is picked up.
            var again = await (await h.Admin.PostAsync("/api/whatsapp/templates/sync", null)).ReadJsonAsync();
            Assert.Equal(60, again.GetProperty("unchanged").GetInt32());
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Meta_sync_reads_named_and_positional_templates()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            await h.AddMetaProviderAsync();
            h.FakeState.SeedMetaTemplates(SendingHarness.MetaWaba,
            [
                new MetaTemplate { Name = "ticket_update", Language = "en_US", Body = "Hi {{customer_name}}, ticket {{ticket_number}} is {{status}}.", ParameterFormat = "NAMED" },
                new MetaTemplate { Name = "bill_due", Language = "en_US", Body = "Hi {{1}}, {{2}} is due.", Status = "PENDING" },
            ]);
            var result = await (await h.Admin.PostAsync("/api/whatsapp/templates/sync", null)).ReadJsonAsync();
            Assert.Equal(2, result.GetProperty("created").GetInt32());

            var templates = (await (await h.Admin.GetAsync("/api/whatsapp/templates")).ReadJsonAsync()).EnumerateArray().ToList();
            var named = templates.Single(t => t.GetProperty("name").GetString() == "ticket_update");
            Assert.Equal("Named", named.GetProperty("parameterFormat").GetString());
            Assert.Equal(["customer_name", "ticket_number", "status"], named.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("key").GetString()));
            Assert.Equal("PENDING", templates.Single(t => t.GetProperty("name").GetString() == "bill_due").GetProperty("status").GetString());
        }
        finally
        {
            await h.DisposeAsync();
        }
    }
}
