using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Demo;

/// <summary>Whether this is <c>npm run demo</c>: the inbox then offers to reply as the customer.</summary>
public record DemoInfo(bool Enabled);

/// <summary>A customer's message the demo visitor writes; the fake provider sends it to the app as Twilio would.</summary>
public record DemoCustomerReplyRequest(int? ConversationId, string? Text);

/// <summary>
/// The demo's inbox: three conversations (a customer whose service window is open, one whose window has closed, an
/// unknown contact), and "Reply as the customer", which has the fake provider post a signed inbound webhook, so what
/// follows is the app's real path.
/// </summary>
public static class DemoConversations
{
    public const string UnknownPhone = "+12125559876";

    /// <summary>Adds the conversations to the demo data (called inside the seeder's transaction).</summary>
    public static void Seed(AppDbContext db, WhatsAppProvider provider, IReadOnlyList<Customer> customers, DateTime now)
    {
        var open = customers[1];
        Thread(db, provider, open.Phone, open.Id, open.Name, ConversationStatus.Open, now,
            [(-130, "Hi, my internet drops every evening around 8pm since Monday."), (-125, "The router light blinks orange when it happens.")],
            null);
        var closed = customers[2];
        Thread(db, provider, closed.Phone, closed.Id, closed.Name, ConversationStatus.Resolved, now,
            [(-3 * 24 * 60 - 30, "Is the maintenance on Saturday going to affect my line?")],
            (-3 * 24 * 60 - 20, "Hi! Only for up to an hour around 2am; you won't need to do anything."));
        Thread(db, provider, UnknownPhone, null, "Marta Quinn", ConversationStatus.Open, now,
            [(-40, "Hello, do you offer fibre on Elm Street? I'd like to sign up.")], null);
    }

    private static void Thread(AppDbContext db, WhatsAppProvider provider, string phone, int? customerId, string profileName, ConversationStatus status,
        DateTime now, (int Minutes, string Text)[] said, (int Minutes, string Text)? answer)
    {
        var conversation = new Conversation { Phone = phone, CustomerId = customerId, Status = ConversationStatus.Open, CreatedAt = now.AddMinutes(said[0].Minutes) };
        db.Add(conversation);
        foreach (var (minutes, text) in said)
        {
            var at = now.AddMinutes(minutes);
            var received = new ReceivedMessage
            {
                Conversation = conversation, ProviderId = provider.Id, ProviderType = provider.ProviderType, ProviderMessageId = $"SMdemo{Guid.NewGuid():N}",
                FromPhone = phone, ProfileName = profileName, Kind = InboundKind.Text, Text = text, MetadataJson = "{}", SentAt = at, ReceivedAt = at,
            };
            db.Add(received);
            conversation.Received(received);
        }
        if (answer is var (answerMinutes, answerText))
        {
            var at = now.AddMinutes(answerMinutes);
            var reply = WhatsAppMessage.FreeText(phone, customerId, answerText, provider, "demo@example.com", at);
            (reply.Status, reply.ProviderMessageId, reply.Attempts, reply.NextAttemptAt) = (MessageStatus.Read, $"SM{Guid.NewGuid():N}", 1, null);
            (reply.AcceptedAt, reply.SentAt, reply.DeliveredAt, reply.ReadAt) = (at.AddSeconds(1), at.AddSeconds(2), at.AddSeconds(4), at.AddMinutes(2));
            db.Add(reply);
            db.Add(new MessageStatusEvent { Message = reply, Status = MessageStatus.Read, At = reply.ReadAt.Value });
            conversation.Touch(at, answerText);
            conversation.MarkRead();
        }
        conversation.Status = status;
    }

    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/demo").WithTags("Demo").RequireAuthorization(Policies.Staff);
        group.MapGet("/", (IOptions<DemoOptions> options) => TypedResults.Ok(new DemoInfo(options.Value.Enabled)))
            .WithName("GetDemoInfo").WithSummary("Whether the app runs as the demo (npm run demo).");
        group.MapPost("/customer-reply", ReplyAsCustomer).WithName("ReplyAsDemoCustomer")
            .WithSummary("Demo only: the fake provider sends the app the customer's message, signed as Twilio signs it, as if they had written it.")
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private sealed record FakeAnswer(int StatusCode);

    private static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> ReplyAsCustomer(DemoCustomerReplyRequest request,
        IOptions<DemoOptions> options, PublicUrls urls, AppDbContext db, IHttpClientFactory http, CancellationToken ct)
    {
        if (!options.Value.Enabled) return TypedResults.NotFound();
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text)) return Problems.Field("text", "Write what the customer says.");
        if (text.Length > 4096) return Problems.Field("text", "At most 4096 characters.");
        var phone = await db.Set<Conversation>().Where(c => c.Id == request.ConversationId).Select(c => c.Phone).FirstOrDefaultAsync(ct);
        if (phone is null) return Problems.Field("conversationId", "There is no such conversation.");
        var provider = await db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.BaseUrl == options.Value.FakeProviderUrl && p.ProviderType == "twilio", ct);
        if (provider is null) return Problems.Conflict("The demo's Twilio configuration (the fake provider) is gone.");

        var client = http.CreateClient();
        client.BaseAddress = new Uri(options.Value.FakeProviderUrl);
        var sent = await client.PostAsJsonAsync("/_fake/inbound", new
        {
            provider = "twilio", accountId = DemoSeeder.AccountSid, from = phone, text,
            url = urls.For($"/api/webhooks/whatsapp/{provider.Id}/inbound"),
        }, ct);
        var answer = sent.IsSuccessStatusCode ? await sent.Content.ReadFromJsonAsync<FakeAnswer>(JsonSerializerOptions.Web, ct) : null;
        return answer?.StatusCode == 200
            ? TypedResults.NoContent()
            : Problems.Problem(StatusCodes.Status502BadGateway, "The fake provider could not deliver it",
                $"The fake provider answered {(int)sent.StatusCode}, the app's webhook {answer?.StatusCode.ToString() ?? "nothing"}.");
    }
}
