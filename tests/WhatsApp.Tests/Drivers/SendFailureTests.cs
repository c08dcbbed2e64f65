using System.Net;
using System.Net.Sockets;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// Sends that get no answer. The send client never retries: a POST that reached the provider and is sent again would
/// deliver the WhatsApp message twice, so the driver says whether it may have been delivered and the job layer decides.
/// </summary>
public sealed class SendFailureTests : IClassFixture<ShortTimeoutDriverFixture>
{
    private readonly ShortTimeoutDriverFixture _fx;

    public SendFailureTests(ShortTimeoutDriverFixture fx)
    {
        _fx = fx;
        _fx.Reset();
        _fx.State.CallbacksConfig = new CallbacksConfig { Enabled = false };
        _fx.State.RegisterTwilio(new TwilioAccount(TwilioDriverTests.AccountSid, TwilioDriverTests.AuthToken));
        _fx.State.RegisterVonage(new VonageAccount("abcd1234", "vonage-secret"));
        _fx.State.RegisterMeta(new MetaAccount("106540352242922", "EAAG-token"));
    }

    public static TheoryData<string> Providers() => ["twilio", "vonage", "meta"];

    private (IWhatsAppDriver Driver, ProviderContext Context, OutgoingMessage Message) Case(string provider, string? baseUrl = null)
    {
        baseUrl ??= _fx.BaseUrl;
        return provider switch
        {
            "twilio" => (_fx.Driver<TwilioDriver>(), Msg.Context(baseUrl, new Dictionary<string, string>
            {
                ["accountSid"] = TwilioDriverTests.AccountSid, ["authToken"] = TwilioDriverTests.AuthToken, ["from"] = "+14155550100",
            }), Msg.Template("+14155550123", "HX0123456789abcdef0123456789abcdef")),
            "vonage" => (_fx.Driver<VonageDriver>(), Msg.Context(baseUrl, new Dictionary<string, string>
            {
                ["apiKey"] = "abcd1234", ["apiSecret"] = "vonage-secret", ["from"] = "+447700900001",
            }), Msg.Template("+447700900123", "bill_due", "en_GB")),
            _ => (_fx.Driver<MetaDriver>(), Msg.Context(baseUrl, new Dictionary<string, string>
            {
                ["phoneNumberId"] = "106540352242922", ["accessToken"] = "EAAG-token",
            }), Msg.Template("+14155550123", "bill_due")),
        };
    }

    /// <summary>A first successful send, so the timed test starts on a warm, pooled connection.</summary>
    private async Task WarmUpAsync(string provider)
    {
        var (driver, context, message) = Case(provider);
        SendResult warm = null!;
        for (var attempt = 0; attempt < 3 && warm is not { Succeeded: true }; attempt++) // a loaded machine may need a second go
            warm = await driver.SendTemplateAsync(context, message, default);
        Assert.True(warm.Succeeded, warm.Error?.Message);
        _fx.State.ClearMessages();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_send_that_times_out_after_reaching_the_provider_may_have_been_delivered_and_is_not_retried(string provider)
    {
        await WarmUpAsync(provider);
        _fx.State.Chaos.Configure(new ChaosSettings { TimeoutRate = 1, TimeoutMs = 30_000 }); // the fake holds the request
        var (driver, context, message) = Case(provider);

        var result = await driver.SendTemplateAsync(context, message, default); // the driver gives up after 2 s

        Assert.False(result.Succeeded);
        Assert.Equal(("timeout", SendErrorKind.Transient, true), (result.Error!.Code, result.Error.Kind, result.Error.MayHaveBeenDelivered));
        var received = Assert.Single(_fx.State.GetMessages(provider)); // exactly one request: the HTTP layer did not retry
        Assert.Equal("timeout", received.Outcome);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_send_whose_connection_drops_after_reaching_the_provider_may_have_been_delivered_and_is_not_retried(string provider)
    {
        await WarmUpAsync(provider);
        _fx.State.Chaos.Configure(new ChaosSettings { TimeoutRate = 1, TimeoutMs = 50 }); // the fake hangs up without answering
        var (driver, context, message) = Case(provider);

        var result = await driver.SendTemplateAsync(context, message, default);

        Assert.False(result.Succeeded);
        Assert.Equal(SendErrorKind.Transient, result.Error!.Kind);
        Assert.True(result.Error.MayHaveBeenDelivered, result.Error.Code);
        Assert.Equal("connection_reset", result.Error.Code);
        Assert.Single(_fx.State.GetMessages(provider));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_send_that_cannot_connect_is_transient_and_was_not_delivered(string provider)
    {
        var (driver, context, message) = Case(provider, $"http://127.0.0.1:{ClosedPort()}");

        var result = await driver.SendTemplateAsync(context, message, default);

        Assert.Equal(("connection_failed", SendErrorKind.Transient, false), (result.Error!.Code, result.Error.Kind, result.Error.MayHaveBeenDelivered));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Cancelling_before_anything_was_sent_throws_OperationCanceledException(string provider)
    {
        var (driver, context, message) = Case(provider);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => driver.SendTemplateAsync(context, message, cts.Token));
        Assert.Equal(0, _fx.State.MessageCount);
    }

    [Fact]
    public async Task A_provider_failing_every_send_trips_the_circuit_and_later_sends_are_refused_without_reaching_it()
    {
        // A container of its own: the breaker's state must not leak into the other tests of this class.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWhatsAppDrivers();
        await using var provider = services.BuildServiceProvider();
        var driver = provider.GetRequiredService<MetaDriver>();
        var (_, context, _) = Case("meta");
        _fx.State.Chaos.Configure(new ChaosSettings { Rate5xx = 1 });

        var results = new List<SendResult>();
        for (var i = 0; i < 130; i++)
            results.Add(await driver.SendTemplateAsync(context, Msg.Template($"+1415555{i:0000}", "bill_due"), default));

        Assert.All(results, r => Assert.Equal(SendErrorKind.Transient, r.Error!.Kind));
        var refused = results.Where(r => r.Error!.Code == "circuit_open").ToList();
        Assert.NotEmpty(refused);
        Assert.True(results.Take(100).All(r => r.Error!.Code != "circuit_open"), "the circuit opened before 100 sends were seen");
        Assert.All(refused, r => Assert.False(r.Error!.MayHaveBeenDelivered));
        Assert.All(refused, r => Assert.NotNull(r.Error!.RetryAfter));
        Assert.Equal(130 - refused.Count, _fx.State.MessageCount); // refused sends never reached the provider
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
