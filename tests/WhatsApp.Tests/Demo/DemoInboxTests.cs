using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Demo;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Demo;

/// <summary>The demo's inbox: its three conversations, and the visitor replying as a customer through the fake provider.</summary>
public class DemoInboxTests : IAsyncLifetime
{
    /// <summary>The fake starts before the app it calls back, so its handler is filled in once the app exists.</summary>
    private sealed class LateHandler : HttpMessageHandler
    {
        public HttpMessageHandler? Target { get; set; }
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            new HttpMessageInvoker(Target!, disposeHandler: false).SendAsync(request, ct);
    }

    private readonly LateHandler _callbacks = new();
    private WebApplication _fake = null!;
    private AppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync(new FakeProviderOptions { CallbackHandler = _callbacks });
        _app = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:FakeProviderUrl"] = _fake.BaseUrl() });
        _callbacks.Target = _app.Server.CreateHandler();
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task The_demo_inbox_has_an_open_window_a_closed_one_and_an_unknown_contact_and_the_visitor_can_reply_as_the_customer()
    {
        using var admin = await _app.AdminAsync();
        Assert.True((await (await admin.GetAsync("/api/demo")).ReadAsAsync<DemoInfo>()).Enabled);
        var list = (await (await admin.GetAsync("/api/whatsapp/conversations")).ReadAsAsync<ConversationPage>()).Items;
        Assert.Equal(3, list.Count);
        var open = Assert.Single(list, c => c.WindowOpen && c.CustomerId is not null);
        Assert.True(open.UnreadCount > 0);
        var unknown = Assert.Single(list, c => c.CustomerId is null);
        Assert.Equal(DemoConversations.UnknownPhone, unknown.Phone);
        Assert.Equal("Marta Quinn", unknown.Name);
        Assert.True(unknown.WindowOpen);
        var closed = Assert.Single(list, c => !c.WindowOpen);
        Assert.Equal(ConversationStatus.Resolved, closed.Status);
        Assert.NotNull(closed.CustomerId);

        await using var live = await LiveStream.OpenAsync(admin);
        (await admin.PostAsJsonAsync("/api/demo/customer-reply", new DemoCustomerReplyRequest(closed.Id, "It's down again!")))
            .EnsureSuccessStatusCode();

        await live.NextAsync(e => e.Type == WhatsApp.Api.Infrastructure.Live.LiveEventTypes.InboundMessage && e.Id == closed.Id);
        var reopened = await (await admin.GetAsync($"/api/whatsapp/conversations/{closed.Id}")).ReadAsAsync<ConversationDto>();
        Assert.True(reopened.WindowOpen);
        Assert.Equal(ConversationStatus.Open, reopened.Status);
        var newest = (await (await admin.GetAsync($"/api/whatsapp/conversations/{closed.Id}/messages")).ReadAsAsync<TimelinePage>()).Items[0];
        Assert.Equal("It's down again!", newest.Text);

        var empty = await (await admin.PostAsJsonAsync("/api/demo/customer-reply", new DemoCustomerReplyRequest(closed.Id, " "))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
    }
}
