using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Infrastructure.Live;
using WhatsApp.Tests.Broadcasts;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>Two app instances on one PostgreSQL database: a change on one reaches the browsers of the other (LISTEN/NOTIFY).</summary>
public sealed class LiveAcrossInstancesTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
    private AppFactory _a = null!, _b = null!;

    public Task InitializeAsync()
    {
        _a = new AppFactory(_database);
        _ = _a.Server;
        _b = new AppFactory(_database);
        _ = _b.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        AppFactory.DeleteDatabaseFiles(_database);
        return Task.CompletedTask;
    }

    [PostgresOnlyFact("instances share events through PostgreSQL's NOTIFY; on SQLite there is one instance")]
    public async Task A_ticket_opened_on_one_instance_is_pushed_to_a_browser_on_the_other_and_not_twice_to_its_own()
    {
        using var onA = await _a.AdminAsync();
        using var onB = await _b.AdminAsync();
        await using var liveA = await LiveStream.OpenAsync(onA);
        await using var liveB = await LiveStream.OpenAsync(onB);
        await _a.Services.GetRequiredService<PostgresLiveBackplane>().Listening.WaitAsync(TimeSpan.FromSeconds(20));
        await _b.Services.GetRequiredService<PostgresLiveBackplane>().Listening.WaitAsync(TimeSpan.FromSeconds(20));

        var customer = await (await onA.PostAsJsonAsync("/api/customers", new { name = "Ana Souza", phone = TestPhones.Next(), whatsAppOptIn = true }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var ticket = await (await onA.PostAsJsonAsync("/api/tickets", new { customerId = customer.GetProperty("customer").GetProperty("id").GetInt32(), subject = "Router" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = ticket.GetProperty("id").GetInt32();

        await liveB.NextAsync(e => e.Type == LiveEventTypes.TicketChanged && e.Id == id);
        await liveA.NextAsync(e => e.Type == LiveEventTypes.TicketChanged && e.Id == id);
        // A's own notification comes back to it over LISTEN; it must not be delivered a second time. A second ticket's
        // event is the marker: anything for the first one before it would be the echo.
        var second = await (await onB.PostAsJsonAsync("/api/tickets", new { customerId = customer.GetProperty("customer").GetProperty("id").GetInt32(), subject = "Modem" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var next = await liveA.NextAsync(e => e.Type == LiveEventTypes.TicketChanged);
        Assert.Equal(second.GetProperty("id").GetInt32(), next.Id);
    }
}
