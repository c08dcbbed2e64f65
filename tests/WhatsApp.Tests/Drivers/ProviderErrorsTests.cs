using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

public sealed class ProviderErrorsTests
{
    public static TheoryData<ProviderErrorRow> Rows()
    {
        var data = new TheoryData<ProviderErrorRow>();
        foreach (var row in ProviderErrors.Table) data.Add(row);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_row_is_found_by_Describe_and_explains_itself(ProviderErrorRow row)
    {
        Assert.Same(row, ProviderErrors.Describe(row.Provider, row.Code));
        Assert.False(string.IsNullOrWhiteSpace(row.Meaning));
        Assert.Contains(row.Provider, new[] { ProviderErrors.AnyProvider, "twilio", "vonage", "meta" });
        if (row.RetryAfter is not null) Assert.Equal(SendErrorKind.Transient, row.Kind); // only retried errors wait
    }

    [Fact]
    public void Each_provider_and_code_appears_once()
    {
        var duplicates = ProviderErrors.Table.GroupBy(r => (r.Provider, r.Code)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData("twilio", "http_429", true)]
    [InlineData("twilio", "20429", true)]
    [InlineData("twilio", "63018", true)]
    [InlineData("vonage", "throttled", true)]
    [InlineData("vonage", "1000", true)]
    [InlineData("meta", "4", true)]
    [InlineData("meta", "80007", true)]
    [InlineData("meta", "130429", true)]
    [InlineData("meta", "131056", false)] // one recipient's pace: only that message waits
    [InlineData("meta", "1000", false)] // Vonage's throttle code means nothing at Meta
    [InlineData("twilio", "http_503", false)]
    public void Account_wide_throttling_pauses_the_provider_and_a_per_recipient_pace_does_not(string provider, string code, bool pauses)
    {
        Assert.Equal(pauses, ProviderErrors.PausesProvider(provider, new SendError(SendErrorKind.Transient, code, "")));
        Assert.False(ProviderErrors.PausesProvider(provider, new SendError(SendErrorKind.Permanent, code, "")));
    }

    [Theory]
    // Twilio
    [InlineData("twilio", "21211", SendErrorKind.Permanent)]
    [InlineData("twilio", "21614", SendErrorKind.Permanent)]
    [InlineData("twilio", "21656", SendErrorKind.Permanent)]
    [InlineData("twilio", "63016", SendErrorKind.Permanent)]
    [InlineData("twilio", "63014", SendErrorKind.OptedOut)]
    [InlineData("twilio", "21610", SendErrorKind.OptedOut)]
    [InlineData("twilio", "63018", SendErrorKind.Transient)]
    [InlineData("twilio", "20429", SendErrorKind.Transient)]
    [InlineData("twilio", "63038", SendErrorKind.Transient)]
    [InlineData("twilio", "63021", SendErrorKind.Permanent)]
    [InlineData("twilio", "30036", SendErrorKind.Permanent)]
    [InlineData("twilio", "20003", SendErrorKind.Permanent)]
    // Meta
    [InlineData("meta", "130429", SendErrorKind.Transient)]
    [InlineData("meta", "131056", SendErrorKind.Transient)]
    [InlineData("meta", "131049", SendErrorKind.Transient)]
    [InlineData("meta", "131050", SendErrorKind.StoppedMarketing)]
    [InlineData("meta", "131026", SendErrorKind.Permanent)]
    [InlineData("meta", "132000", SendErrorKind.Permanent)]
    [InlineData("meta", "132001", SendErrorKind.Permanent)]
    [InlineData("meta", "190", SendErrorKind.Permanent)]
    [InlineData("meta", "100", SendErrorKind.Permanent)]
    // Vonage
    [InlineData("vonage", "unauthorized", SendErrorKind.Permanent)]
    [InlineData("vonage", "1150", SendErrorKind.Permanent)]
    [InlineData("vonage", "invalid-params", SendErrorKind.Permanent)]
    [InlineData("vonage", "throttled", SendErrorKind.Transient)]
    [InlineData("vonage", "1000", SendErrorKind.Transient)]
    // Generic (any provider)
    [InlineData("twilio", "http_429", SendErrorKind.Transient)]
    [InlineData("meta", "http_503", SendErrorKind.Transient)]
    [InlineData("vonage", "http_500", SendErrorKind.Transient)]
    [InlineData("twilio", "http_401", SendErrorKind.Permanent)]
    [InlineData("meta", "http_403", SendErrorKind.Permanent)]
    [InlineData("vonage", "http_418", SendErrorKind.Permanent)]
    [InlineData("meta", "timeout", SendErrorKind.Transient)]
    [InlineData("twilio", "connection_failed", SendErrorKind.Transient)]
    public void Describe_gives_the_agreed_kind(string provider, string code, SendErrorKind kind)
    {
        Assert.Equal(kind, ProviderErrors.Describe(provider, code)?.Kind);
    }

    [Fact]
    public void Describe_returns_null_for_an_unknown_code_and_waits_on_pace_limited_rows()
    {
        Assert.Null(ProviderErrors.Describe("twilio", "99999"));
        Assert.Null(ProviderErrors.Describe("twilio", "131056")); // a Meta code means nothing at Twilio
        Assert.Equal(TimeSpan.FromSeconds(6), ProviderErrors.Describe("meta", "131056")!.RetryAfter);
        Assert.True(ProviderErrors.Describe("twilio", "63038")!.RetryAfter >= TimeSpan.FromHours(1));
        Assert.True(ProviderErrors.Describe("meta", "131049")!.RetryAfter >= TimeSpan.FromHours(12));
    }

    [Theory]
    [InlineData(429, "http_429", SendErrorKind.Transient)]
    [InlineData(500, "http_500", SendErrorKind.Transient)]
    [InlineData(503, "http_503", SendErrorKind.Transient)]
    [InlineData(408, "http_408", SendErrorKind.Transient)]
    [InlineData(401, "http_401", SendErrorKind.Permanent)]
    [InlineData(403, "http_403", SendErrorKind.Permanent)]
    [InlineData(404, "http_404", SendErrorKind.Permanent)]
    [InlineData(422, "http_422", SendErrorKind.Permanent)]
    public void Without_a_provider_code_the_http_status_decides(int status, string code, SendErrorKind kind)
    {
        var error = ProviderErrors.Classify("meta", status, null, null, status == 429 ? TimeSpan.FromSeconds(3) : null);

        Assert.Equal((code, kind), (error.Code, error.Kind));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(error.MayHaveBeenDelivered);
        if (status == 429) Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public void A_known_code_decides_over_the_http_status_and_an_unknown_one_keeps_its_code()
    {
        Assert.Equal(SendErrorKind.StoppedMarketing, ProviderErrors.Classify("meta", 400, "131050", "stopped", null).Kind);
        Assert.Equal(SendErrorKind.Transient, ProviderErrors.Classify("meta", 400, "131056", null, null).Kind);
        var unknown = ProviderErrors.Classify("twilio", 400, "21999", "Something new", null);
        Assert.Equal(("21999", SendErrorKind.Permanent, "Something new"), (unknown.Code, unknown.Kind, unknown.Message));
        Assert.Equal(SendErrorKind.Transient, ProviderErrors.Classify("twilio", 503, "21998", null, null).Kind);
        // Meta's own is_transient flag makes an unknown 4xx code retryable
        Assert.Equal(SendErrorKind.Transient, ProviderErrors.Classify("meta", 400, "139999", null, null, providerTransient: true).Kind);
        // a Retry-After header beats the table's default wait
        Assert.Equal(TimeSpan.FromSeconds(30), ProviderErrors.Classify("meta", 400, "131056", null, TimeSpan.FromSeconds(30)).RetryAfter);
        Assert.Null(ProviderErrors.Classify("twilio", 400, "21211", null, TimeSpan.FromSeconds(30)).RetryAfter); // permanent: no wait
    }

    [Fact]
    public void Network_failures_say_whether_the_request_may_have_been_delivered()
    {
        var before = ProviderErrors.Network("connection_failed", mayHaveBeenDelivered: false);
        var after = ProviderErrors.Network("timeout", mayHaveBeenDelivered: true);

        Assert.Equal((SendErrorKind.Transient, false), (before.Kind, before.MayHaveBeenDelivered));
        Assert.Equal((SendErrorKind.Transient, true), (after.Kind, after.MayHaveBeenDelivered));
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_an_http_date()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero));
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(12));
        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.TryAddWithoutValidation("Retry-After", "Tue, 03 Nov 2026 10:01:30 GMT");
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.TryAddWithoutValidation("Retry-After", "Tue, 03 Nov 2026 09:00:00 GMT");
        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(12), DriverHttp.RetryAfter(seconds, clock));
        Assert.Equal(TimeSpan.FromSeconds(90), DriverHttp.RetryAfter(date, clock));
        Assert.Equal(TimeSpan.Zero, DriverHttp.RetryAfter(past, clock));
        Assert.Null(DriverHttp.RetryAfter(none, clock));
    }

    [Theory]
    [InlineData(null, "https://api.twilio.com", "https://content.twilio.com/v1/ContentAndApprovals?PageSize=50&PageToken=PA1", "https://api.twilio.com/v1/ContentAndApprovals?PageSize=50&PageToken=PA1")]
    [InlineData("http://127.0.0.1:5123", "https://content.twilio.com", "https://content.twilio.com/v1/ContentAndApprovals?Page=1", "http://127.0.0.1:5123/v1/ContentAndApprovals?Page=1")]
    [InlineData("http://127.0.0.1:5123/prefix/", "https://graph.facebook.com", "https://graph.facebook.com/v23.0/1/message_templates?after=QVFI%3D", "http://127.0.0.1:5123/prefix/v23.0/1/message_templates?after=QVFI%3D")]
    public void Next_page_links_are_moved_onto_the_base_url_keeping_path_and_query(string? baseUrl, string realOrigin, string next, string expected)
    {
        Assert.Equal(expected, DriverHttp.Rebase(baseUrl, realOrigin, next));
    }
}
