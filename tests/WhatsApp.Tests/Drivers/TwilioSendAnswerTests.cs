using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// How a Twilio send reads a success answer it did not expect: the Message resource is read by the driver (only its
/// sid, status and error), so a body that is no message, or one without a sid, must still count as possibly delivered,
/// and a message Twilio created already failed must carry its error code. Twilio's host is answered by a stub here:
/// the fake provider always answers a proper resource.
/// </summary>
public sealed class TwilioSendAnswerTests : IAsyncLifetime
{
    private string _answer = "";
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWhatsAppDrivers();
        services.AddHttpClient(TwilioClients.SendClient).ConfigurePrimaryHttpMessageHandler(() => new Answering(() => _answer));
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private Task<SendResult> SendAsync(string answer)
    {
        _answer = answer;
        var context = Msg.Context(null, new Dictionary<string, string> { ["accountSid"] = TwilioDriverTests.AccountSid, ["authToken"] = "t", ["from"] = "+14155550100" });
        return _services.GetRequiredService<TwilioDriver>().SendTemplateAsync(context, Msg.Template("+14155550123", "HX1"), default);
    }

    [Theory]
    [InlineData("<html>Service Unavailable</html>")]
    [InlineData("""["SM1"]""")]
    [InlineData("""{"status":"queued","sid":null}""")]
    [InlineData("""{"sid":"SM1","error_code":"not a number"}""")]
    public async Task A_created_answer_that_is_not_a_message_with_a_sid_may_have_been_delivered(string body)
    {
        var result = await SendAsync(body);

        Assert.Equal(("invalid_response", SendErrorKind.Transient, true), (result.Error!.Code, result.Error.Kind, result.Error.MayHaveBeenDelivered));
    }

    [Fact]
    public async Task A_message_created_already_failed_keeps_its_sid_and_twilios_error()
    {
        var result = await SendAsync("""{"sid":"SM9","status":"failed","error_code":63016,"error_message":"Outside the allowed window","price":null}""");

        Assert.Equal(("SM9", MessageStatus.Failed), (result.ProviderMessageId, result.Status));
        Assert.Equal(("63016", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
    }

    [Fact]
    public async Task A_created_message_is_accepted_with_its_sid_whatever_else_the_resource_holds()
    {
        var result = await SendAsync("""{"sid":"SM7","status":"queued","error_code":null,"num_segments":"1","subresource_uris":{"media":"/x"},"price":null}""");

        Assert.Equal(("SM7", MessageStatus.Accepted, null), (result.ProviderMessageId, result.Status, result.Error));
    }

    private sealed class Answering(Func<string> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(answer(), Encoding.UTF8, "application/json") });
    }
}
