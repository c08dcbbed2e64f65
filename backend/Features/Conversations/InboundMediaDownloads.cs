using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// Downloads the files customers send, in a Hangfire job so the webhook answers at once: through the driver with the
/// account's credentials, within WhatsApp's size limit for the kind (a file announced larger is not downloaded at all),
/// its type read from the content, into the <see cref="IMediaStore"/>. Transient failures are tried again
/// (<c>Media:FetchAttempts</c>, <c>Media:FetchRetryDelay</c> doubling); the row says what happened, so the thread can
/// say why a file was not kept. A lease on the row makes a job that runs twice download once.
/// </summary>
public sealed class InboundMediaDownloads(
    AppDbContext db, SqliteWriteGate gate, ProviderResolver providers, IMediaStore store, IBackgroundJobClient jobs,
    IOptions<MediaOptions> options, TimeProvider clock, ILogger<InboundMediaDownloads> logger)
{
    /// <summary>Longer than the slowest allowed download (100 MB); a crashed run's file is taken up again after it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromMinutes(10);

    /// <summary>What became of one try.</summary>
    private sealed record Outcome(InboundMediaState State, string? Reason, MediaType? Type = null, long? Size = null, bool Retry = false);

    /// <summary>Hangfire may start a scheduled job up to a second early; a retry that early still counts as due.</summary>
    private static readonly TimeSpan EarlyStart = TimeSpan.FromSeconds(2);

    public void Enqueue(long fileId) => jobs.Enqueue<InboundMediaDownloads>(d => d.RunAsync(fileId, CancellationToken.None));

    /// <summary>
    /// Every minute and at start-up: files still due whose job was lost (a crash, Hangfire's memory storage after a
    /// restart) are fetched now. The database decides what is due, never Hangfire's memory.
    /// </summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<InboundMediaFile>().AsNoTracking()
            .Where(f => f.State == InboundMediaState.Pending && f.NextAttemptAt <= now && (f.ClaimedUntil == null || f.ClaimedUntil < now))
            .OrderBy(f => f.NextAttemptAt).Select(f => f.Id).Take(100).ToListAsync(ct);
        foreach (var id in due) Enqueue(id);
    }

    /// <summary>The job. Hangfire's own retries are off: this one's tries are counted on the row.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long fileId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        int claimed;
        using (await gate.EnterAsync(db, ct))
            claimed = await db.Set<InboundMediaFile>()
                .Where(f => f.Id == fileId && f.State == InboundMediaState.Pending && f.NextAttemptAt <= now + EarlyStart
                    && (f.ClaimedUntil == null || f.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.ClaimToken, token).SetProperty(f => f.ClaimedUntil, now + Lease), ct);
        if (claimed == 0) return; // kept already, given up, not due yet, or another run holds it

        var file = await db.Set<InboundMediaFile>().Include(f => f.Message).FirstAsync(f => f.Id == fileId, ct);
        Outcome outcome;
        try
        {
            outcome = await FetchAsync(file, ct);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            outcome = new Outcome(InboundMediaState.Pending, $"The download broke off ({ex.GetType().Name}).", Retry: true);
        }
        await RecordAsync(file, outcome, ct);
    }

    private async Task<Outcome> FetchAsync(InboundMediaFile file, CancellationToken ct)
    {
        var message = file.Message!;
        var metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(message.MetadataJson) ?? [];
        if (metadata.GetValueOrDefault(InboundKeys.MediaRef) is not { Length: > 0 } mediaRef)
            return new Outcome(InboundMediaState.Failed, "The provider gave no reference to the file.");

        ResolvedProvider? provider;
        try { provider = await providers.ByIdAsync(message.ProviderId, ct); }
        catch (CredentialsUnreadableException) { return new Outcome(InboundMediaState.Failed, "The provider's stored credentials can no longer be decrypted."); }
        if (provider is null) return new Outcome(InboundMediaState.Failed, "The provider the file came through has been deleted.");

        var declared = MediaTypes.KindOf(file.ContentType) ?? InboundMediaFile.KindOfMessage[message.Kind];
        var limit = MediaTypes.LimitOf(declared);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DownloadTimeout);
        var fetched = await provider.Driver.FetchMediaAsync(provider.Context, mediaRef, timeout.Token);
        if (fetched.Error is { } error)
            return new Outcome(error.Transient ? InboundMediaState.Pending : InboundMediaState.Failed, error.Message, Retry: error.Transient);

        using var media = fetched.Media!;
        if (media.Length > limit) return TooLarge(declared, limit, media.Length.Value);

        // A temporary file: the type is read from the content (seekable), and nothing large sits in memory.
        await using var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await media.Content.ReadAsync(buffer, timeout.Token)) > 0)
        {
            size += read;
            if (size > limit) return TooLarge(declared, limit, null);
            await copy.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
        }

        var type = MediaTypes.Detect(copy, file.FileName, inbound: true);
        if (type is null)
            return new Outcome(InboundMediaState.Refused,
                $"Not kept: the file{(file.ContentType is { } said ? $" (sent as {said})" : "")} is not a type WhatsApp carries. Kept are: {MediaTypes.SummaryOf(MediaTypes.Inbound)}.");
        if (size > type.MaxBytes) return TooLarge(type.Kind, type.MaxBytes, size);

        copy.Position = 0;
        await store.SaveAsync(StoreKeyOf(file), copy, ct);
        return new Outcome(InboundMediaState.Stored, null, type, size);
    }

    private static Outcome TooLarge(MediaKind kind, long limit, long? size) => new(InboundMediaState.Refused,
        $"Not kept: a{(kind is MediaKind.Image or MediaKind.Audio ? "n" : "")} {kind.ToString().ToLowerInvariant()} may be at most {MediaTypes.Describe(limit)} on WhatsApp; "
        + (size is { } s ? $"this one is {s / (double)MediaTypes.MB:0.#} MB." : "this one is larger."));

    public static string StoreKeyOf(InboundMediaFile file) => $"inbound-{file.Id}";

    private async Task RecordAsync(InboundMediaFile file, Outcome outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        file.Attempts++;
        file.ClaimToken = null;
        file.ClaimedUntil = null;
        file.Reason = outcome.Reason.Truncate(500);
        TimeSpan? retryIn = null;
        if (outcome.Retry && file.Attempts < options.Value.FetchAttempts)
        {
            retryIn = options.Value.FetchRetryDelay * Math.Pow(2, file.Attempts - 1);
            file.NextAttemptAt = now + retryIn;
        }
        else
        {
            file.State = outcome.Retry ? InboundMediaState.Failed : outcome.State;
            file.NextAttemptAt = null;
            if (outcome.Retry) file.Reason = $"Not kept: {outcome.Reason} (gave up after {file.Attempts} tries)".Truncate(500);
            else if (outcome.State == InboundMediaState.Failed) file.Reason = $"Not kept: {outcome.Reason}".Truncate(500);
        }
        if (outcome.Type is { } type)
        {
            file.ContentType = type.ContentType;
            file.Size = outcome.Size;
            file.StoreKey = StoreKeyOf(file);
            file.StoredAt = now;
        }
        using (await gate.EnterAsync(db, ct))
            await db.SaveChangesAsync(ct);

        if (retryIn is { } delay)
        {
            logger.LogInformation("Inbound file {FileId} not fetched yet ({Reason}); try {Attempt} in {Delay}.", file.Id, outcome.Reason, file.Attempts + 1, delay);
            jobs.Schedule<InboundMediaDownloads>(d => d.RunAsync(file.Id, CancellationToken.None), delay);
        }
        else if (file.State != InboundMediaState.Stored)
            logger.LogWarning("Inbound file {FileId} not kept: {Reason}", file.Id, file.Reason);
    }
}
