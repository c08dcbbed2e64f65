using System.Net.Http.Json;
using System.Text.Json;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>
/// The inbox harness with the app's files in a temporary directory, kept by the media store <see cref="Store"/>
/// (<c>Files</c> or <c>Database</c>), and a second try at a customer's file a second after a transient failure.
/// </summary>
public abstract class MediaInboxHarness(string store) : InboxHarness
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"media-{Guid.NewGuid():N}");

    public string Store => store;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Media:Store"] = store,
        ["Media:StoreDirectory"] = Path.Combine(_directory, "kept"),
        ["Media:UploadDirectory"] = Path.Combine(_directory, "uploads"),
        ["Media:FetchRetryDelay"] = "00:00:01",
        ["Media:FetchAttempts"] = "3",
    };

    public InboundMediaFiles FakeFiles => Fake.Services.GetRequiredService<InboundMediaFiles>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The fake posts a customer's file as <paramref name="provider"/> does; returns the provider's message id and the fake's file.</summary>
    public async Task<(string MessageId, FakeMediaFile? File)> SendFileAsync(string provider, string from, string kind, string? mediaType = null,
        long? size = null, byte[]? content = null, string? caption = null, string? fileName = null, int failures = 0, string? messageId = null)
    {
        var before = FakeFiles.All.Select(f => f.Id).ToHashSet();
        var answer = await (await FakeClient.PostAsJsonAsync("/_fake/inbound", new InboundRequest(provider,
            provider switch { "twilio" => TwilioSid, "meta" => MetaPhoneId, _ => VonageKey }, from, caption,
            Url: $"http://localhost/api/webhooks/whatsapp/{ProviderIdOf(provider)}/inbound", MessageId: messageId, Kind: kind, MediaType: mediaType,
            FileName: fileName, MediaBase64: content is null ? null : Convert.ToBase64String(content), MediaSize: size, MediaFailures: failures)))
            .ReadJsonAsync();
        Assert.True(answer.GetProperty("statusCode").GetInt32() == 200, $"The app refused the inbound webhook: {answer}");
        return (answer.GetProperty("messageId").GetString()!, FakeFiles.All.SingleOrDefault(f => !before.Contains(f.Id)));
    }

    /// <summary>Polls the thread until the customer's file is no longer pending (the download job is done with it).</summary>
    public async Task<(TimelineItem Item, MessageMediaDto Media)> SettledFileAsync(int conversationId, string providerMessageId, int seconds = 45)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        TimelineItem? item = null;
        while (DateTime.UtcNow < deadline)
        {
            item = (await TimelineAsync(conversationId)).Items.Single(i => i.Inbound?.ProviderMessageId == providerMessageId);
            if (item.Media is { State: not InboundMediaState.Pending } media) return (item, media);
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"The file of {providerMessageId} was still pending: {JsonSerializer.Serialize(item)}\n"
            + string.Join("\n", App.LogMessages.Where(m => m.Contains("Inbound") || m.StartsWith("Error") || m.StartsWith("Warning")).TakeLast(20)));
    }
}

public sealed class FileStoreInboxHarness() : MediaInboxHarness("Files");

public sealed class DatabaseStoreInboxHarness() : MediaInboxHarness("Database");
