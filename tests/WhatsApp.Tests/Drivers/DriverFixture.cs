using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// The fake provider on a free loopback port, plus the drivers built the way the app builds them. One per test class;
/// webhooks the fake sends are captured in memory (no app needed) so tests can verify and parse them with the drivers.
/// </summary>
public class DriverFixture : IAsyncLifetime
{
    public WebApplication Fake { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public WebhookCapture Webhooks { get; } = new();
    public HttpClient Control { get; private set; } = null!;

    /// <summary>What drivers get as ProviderContext.BaseUrl (the fake's address, plus <see cref="PathPrefix"/>).</summary>
    public string BaseUrl { get; private set; } = "";

    public FakeProviderState State => Fake.FakeState();

    /// <summary>Non-empty: the fake only answers under this prefix (except its /_fake control API).</summary>
    protected virtual string PathPrefix => "";

    protected virtual void ConfigureDrivers(WhatsAppDriverOptions options)
    {
        options.SendTimeout = TimeSpan.FromSeconds(10);
        options.TemplatePageSize = 1; // every template on its own page: sync must follow the next-page links
    }

    public T Driver<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        Fake = FakeProviderServer.Build(["--urls", "http://127.0.0.1:0"], new FakeProviderOptions { CallbackHandler = Webhooks });
        if (PathPrefix.Length > 0)
        {
            var prefix = PathPrefix;
            Fake.UsePathBase(prefix);
            // Proves the driver kept the prefix: provider routes are refused without it.
            Fake.Use((ctx, next) => ctx.Request.PathBase.HasValue || ctx.Request.Path.StartsWithSegments("/_fake")
                ? next(ctx)
                : Results.Json(new { error = "outside the path prefix " + prefix }, statusCode: 404).ExecuteAsync(ctx));
            Fake.UseRouting();
        }
        await Fake.StartAsync();
        var root = Fake.BaseUrl();
        BaseUrl = root + PathPrefix;
        Control = new HttpClient { BaseAddress = new Uri(root) };

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddWhatsAppDrivers(ConfigureDrivers);
        Services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        await Services.DisposeAsync();
        await Fake.StopAsync();
        await Fake.DisposeAsync();
    }

    /// <summary>A clean fake for the next test: no accounts, messages, rules, chaos or captured webhooks; callbacks immediate.</summary>
    public void Reset()
    {
        State.Reset();
        State.CallbacksConfig = new CallbacksConfig { DelayMs = 0 };
        Webhooks.Clear();
    }

    /// <summary>
    /// Waits until webhooks mentioning each id arrived (at least the given number each) and returns them. Waiting for
    /// ids rather than a count keeps stragglers from an earlier test's sends out of the picture.
    /// </summary>
    public async Task<IReadOnlyList<CapturedWebhook>> WebhooksForAsync(params (string Id, int Count)[] expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var mine = Webhooks.All.Where(h => expected.Any(e => h.Text.Contains(e.Id, StringComparison.Ordinal))).ToList();
            if (expected.All(e => mine.Count(h => h.Text.Contains(e.Id, StringComparison.Ordinal)) >= e.Count)) return mine;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Webhooks for {string.Join(", ", expected)} did not arrive; got {mine.Count}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Makes the fake post an inbound message (as the provider would) and returns it as the app would receive it.</summary>
    public async Task<WebhookRequest> InboundAsync(string provider, string accountId, string from, string text, string url, string? profileName = null)
    {
        var messageId = "inbound-" + Guid.NewGuid().ToString("N");
        var response = await Control.PostAsJsonAsync("/_fake/inbound", new { provider, accountId, from, text, url, profileName, messageId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return Assert.Single(await WebhooksForAsync((messageId, 1))).ToRequest();
    }
}

/// <summary>Drivers pointed at a base URL with a path prefix ("http://127.0.0.1:port/provider-proxy").</summary>
public sealed class PrefixedDriverFixture : DriverFixture
{
    public const string Prefix = "/provider-proxy";
    protected override string PathPrefix => Prefix;
}

/// <summary>A short send timeout so a provider that hangs makes the send time out quickly.</summary>
public sealed class ShortTimeoutDriverFixture : DriverFixture
{
    protected override void ConfigureDrivers(WhatsAppDriverOptions options)
    {
        base.ConfigureDrivers(options);
        options.SendTimeout = TimeSpan.FromSeconds(2);
    }
}

public sealed record CapturedWebhook(string Url, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? ContentType)
{
    /// <summary>The webhook as our endpoint hands it to a driver: PublicUrl is the exact URL the provider called.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public WebhookRequest ToRequest() => new("POST", Url, Headers, Body, ContentType, Query(Url));

    public static IReadOnlyDictionary<string, string> Query(string url)
    {
        var q = url.IndexOf('?');
        return q < 0
            ? new Dictionary<string, string>()
            : QueryHelpers.ParseQuery(url[q..]).ToDictionary(p => p.Key, p => p.Value.ToString());
    }
}

/// <summary>Stands in for the app: records every webhook the fake posts and answers 200.</summary>
public sealed class WebhookCapture : HttpMessageHandler
{
    private readonly ConcurrentQueue<CapturedWebhook> _all = new();

    public IReadOnlyList<CapturedWebhook> All => _all.ToArray();
    public int Count => _all.Count;

    public void Clear() => _all.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers) headers[name] = string.Join(",", values);
        if (request.Content is not null)
            foreach (var (name, values) in request.Content.Headers) headers[name] = string.Join(",", values);
        _all.Enqueue(new CapturedWebhook(request.RequestUri!.OriginalString, headers, body, request.Content?.Headers.ContentType?.ToString()));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") };
    }
}

/// <summary>Small builders shared by the driver tests.</summary>
public static class Msg
{
    private static long _nextId = 1000;

    public static OutgoingMessage Template(string to, string template, string language = "en_US",
        ParameterFormat format = ParameterFormat.Positional, params (string Key, string Value)[] parameters) =>
        new(Interlocked.Increment(ref _nextId), to, template, language, format,
            parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList());

    public static ProviderContext Context(string? baseUrl, IDictionary<string, string> credentials, int providerId = 1,
        string statusCallbackUrl = "https://app.example.test/webhooks/status", string inboundUrl = "https://app.example.test/webhooks/inbound") =>
        new(providerId, new Dictionary<string, string>(credentials), baseUrl, statusCallbackUrl, inboundUrl);
}
