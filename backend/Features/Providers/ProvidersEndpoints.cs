using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Providers;

public static class ProvidersEndpoints
{
    public static IEndpointRouteBuilder MapProvidersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settings/whatsapp-providers")
            .WithTags("Providers")
            .RequireAuthorization(Policies.Admin);

        group.MapGet("/types", ListTypes).WithName("ListProviderTypes").WithSummary("The provider types and the credential fields each one needs.");
        group.MapGet("/", List).WithName("ListProviders").WithSummary("Every configured provider, secrets masked.");
        group.MapGet("/{id:int}", Get).WithName("GetProvider").WithSummary("One provider, secrets masked.");
        group.MapPost("/", Create).WithName("CreateProvider").WithSummary("Adds a provider configuration.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", Update).WithName("UpdateProvider").WithSummary("Updates a provider; omitted or masked secrets keep their stored values.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:int}", Delete).WithName("DeleteProvider").WithSummary("Deletes a provider that is not active.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:int}/set-active", SetActive).WithName("SetActiveProvider").WithSummary("Makes this provider the active one and every other inactive.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:int}/standby", SetStandby).WithName("SetStandbyProvider")
            .WithSummary("Makes this provider the standby: messages fail over to it while the active provider is down or gives up on them. Any other standby stops being one.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/standby", ClearStandby).WithName("ClearStandbyProvider").WithSummary("No standby: failover is off.");

        // Staff need to know which providers exist (to bind templates, to filter the Sent Log), never their settings.
        app.MapGet("/api/whatsapp/providers", Summaries).WithTags("Providers").RequireAuthorization(Policies.Staff)
            .WithName("ListProviderSummaries").WithSummary("Every configured provider's id, name, type and whether it is active; nothing else.");
        return app;
    }

    private static async Task<Ok<List<ProviderSummaryDto>>> Summaries(AppDbContext db) =>
        TypedResults.Ok(await db.WhatsAppProviders.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new ProviderSummaryDto(p.Id, p.Name, p.ProviderType, p.IsActive, p.IsStandby)).ToListAsync());

    private static Ok<List<ProviderTypeDto>> ListTypes(DriverRegistry drivers) =>
        TypedResults.Ok(drivers.All.Select(d => new ProviderTypeDto(d.Type, d.DisplayName, d.CredentialFields)).ToList());

    private static async Task<Ok<List<ProviderDto>>> List(AppDbContext db, ProviderMapper mapper)
    {
        var rows = await db.WhatsAppProviders.AsNoTracking().OrderBy(p => p.Name).ToListAsync();
        return TypedResults.Ok(rows.Select(mapper.ToDto).ToList());
    }

    private static async Task<Results<Ok<ProviderDto>, NotFound>> Get(int id, AppDbContext db, ProviderMapper mapper) =>
        await db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id) is { } row
            ? TypedResults.Ok(mapper.ToDto(row))
            : TypedResults.NotFound();

    private static async Task<Results<Created<ProviderDto>, ValidationProblem, ProblemHttpResult>> Create(
        SaveProviderRequest request, AppDbContext db, DriverRegistry drivers, ProviderCredentials protector, ProviderMapper mapper, TimeProvider clock,
        BaseUrlHosts baseUrlHosts, IBackgroundJobClient jobs)
    {
        var (valid, errors) = ProviderValidation.Validate(request, drivers, stored: null, baseUrlHosts);
        if (valid is null) return TypedResults.ValidationProblem(errors);
        if (await NameTakenAsync(db, valid.Name, exceptId: null)) return DuplicateName(valid.Name);

        var now = clock.GetUtcNow().UtcDateTime;
        var row = new WhatsAppProvider
        {
            Name = valid.Name,
            ProviderType = valid.Driver.Type,
            EncryptedCredentials = protector.Protect(valid.Credentials),
            BaseUrl = valid.BaseUrl,
            MessagesPerSecond = valid.MessagesPerSecond,
            DailyMessagingLimit = valid.DailyMessagingLimit,
            CreatedAt = now,
            UpdatedAt = now,
        };
        row.Rename(valid.Name);
        db.WhatsAppProviders.Add(row);
        if (!await TrySaveAsync(db)) return DuplicateName(valid.Name);
        jobs.Enqueue<MessagingTierSync>(s => s.ReadAsync(row.Id, CancellationToken.None));
        return TypedResults.Created($"/api/settings/whatsapp-providers/{row.Id}", mapper.ToDto(row));
    }

    private static async Task<Results<Ok<ProviderDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        int id, SaveProviderRequest request, AppDbContext db, DriverRegistry drivers, ProviderCredentials protector, ProviderMapper mapper, TimeProvider clock,
        BaseUrlHosts baseUrlHosts, IBackgroundJobClient jobs, ResolvedProviderCache cache)
    {
        var row = await db.WhatsAppProviders.FirstOrDefaultAsync(p => p.Id == id);
        if (row is null) return TypedResults.NotFound();

        var readable = protector.TryUnprotect(row, out var stored);
        var (valid, errors) = ProviderValidation.Validate(request, drivers, (row, readable ? stored : null), baseUrlHosts);
        if (valid is null)
            return !readable && errors.ContainsKey("credentials")
                ? CredentialsMustBeReentered()
                : TypedResults.ValidationProblem(errors);
        if (await NameTakenAsync(db, valid.Name, exceptId: id)) return DuplicateName(valid.Name);

        row.Rename(valid.Name);
        row.EncryptedCredentials = protector.Protect(valid.Credentials);
        row.BaseUrl = valid.BaseUrl;
        row.MessagesPerSecond = valid.MessagesPerSecond;
        row.DailyMessagingLimit = valid.DailyMessagingLimit;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (!await TrySaveAsync(db)) return DuplicateName(valid.Name);
        // The account may be another now: its messaging limit is read afresh.
        jobs.Enqueue<MessagingTierSync>(s => s.ReadAsync(row.Id, CancellationToken.None));
        cache.Forget(id);
        return TypedResults.Ok(mapper.ToDto(row));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(int id, AppDbContext db, ResolvedProviderCache cache)
    {
        var row = await db.WhatsAppProviders.FirstOrDefaultAsync(p => p.Id == id);
        if (row is null) return TypedResults.NotFound();
        if (row.IsActive)
            return Problems.Conflict("This is the active provider. Make another provider active before deleting it.");
        db.WhatsAppProviders.Remove(row);
        await db.SaveChangesAsync();
        cache.Forget(id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ProviderDto>, NotFound, ProblemHttpResult>> SetActive(
        int id, AppDbContext db, ProviderCredentials protector, ProviderMapper mapper, ActiveProviderSwitch activeSwitch)
    {
        var row = await db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id);
        if (row is null) return TypedResults.NotFound();
        if (!protector.TryUnprotect(row, out _)) return CredentialsMustBeReentered();

        if (!await activeSwitch.ActivateAsync(id)) return TypedResults.NotFound();
        row = await db.WhatsAppProviders.AsNoTracking().FirstAsync(p => p.Id == id);
        return TypedResults.Ok(mapper.ToDto(row));
    }

    private static async Task<Results<Ok<ProviderDto>, NotFound, ProblemHttpResult>> SetStandby(
        int id, AppDbContext db, ProviderCredentials protector, ProviderMapper mapper, TimeProvider clock)
    {
        var row = await db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id);
        if (row is null) return TypedResults.NotFound();
        if (row.IsActive) return Problems.Conflict("The active provider cannot be its own standby. Choose another provider.");
        if (!protector.TryUnprotect(row, out _)) return CredentialsMustBeReentered();

        await using var tx = await db.Database.BeginTransactionAsync();
        // The same queue as set-active: a switch racing this one must not leave the active provider marked standby.
        await ActiveProviderSwitch.QueueAsync(db, CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.WhatsAppProviders.Where(p => p.IsStandby && p.Id != id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsStandby, false).SetProperty(p => p.UpdatedAt, now));
        var updated = await db.WhatsAppProviders.Where(p => p.Id == id && !p.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsStandby, true).SetProperty(p => p.UpdatedAt, now));
        if (updated == 0) return Problems.Conflict("The provider became active meanwhile; the active provider cannot be its own standby.");
        await tx.CommitAsync();
        row = await db.WhatsAppProviders.AsNoTracking().FirstAsync(p => p.Id == id);
        return TypedResults.Ok(mapper.ToDto(row));
    }

    private static async Task<NoContent> ClearStandby(AppDbContext db, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.WhatsAppProviders.Where(p => p.IsStandby)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsStandby, false).SetProperty(p => p.UpdatedAt, now));
        return TypedResults.NoContent();
    }

    private static Task<bool> NameTakenAsync(AppDbContext db, string name, int? exceptId)
    {
        var normalized = WhatsAppProvider.Normalize(name);
        return db.WhatsAppProviders.AnyAsync(p => p.NormalizedName == normalized && p.Id != exceptId);
    }

    /// <summary>False when the unique name index refused the row: another request took the name in the meantime.</summary>
    private static async Task<bool> TrySaveAsync(AppDbContext db)
    {
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private static ProblemHttpResult DuplicateName(string name) =>
        Problems.Conflict($"A provider named '{name}' already exists.", "name");

    private static ProblemHttpResult CredentialsMustBeReentered() =>
        Problems.Conflict("The stored credentials can no longer be decrypted (the encryption keys were lost) and must be re-entered: enter every secret again.", "credentials");
}
