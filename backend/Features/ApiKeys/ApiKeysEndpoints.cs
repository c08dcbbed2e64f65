using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.ApiKeys;

public static class ApiKeysEndpoints
{
    public static IEndpointRouteBuilder MapApiKeysEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settings/api-keys").WithTags("ApiKeys").RequireAuthorization(Policies.Admin);
        group.MapGet("/", List).WithName("ListApiKeys").WithSummary("The API keys other systems use to raise events, revoked ones included; never the keys themselves.");
        group.MapPost("/", Create).WithName("CreateApiKey").WithSummary("Creates an API key; the answer shows the key this one time only.");
        group.MapDelete("/{id:int}", Revoke).WithName("RevokeApiKey").WithSummary("Revokes a key: requests with it are refused from now on.");
        return app;
    }

    private static async Task<Ok<List<ApiKeyDto>>> List(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.Set<ApiKey>().AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    private static async Task<Results<Created<CreatedApiKeyDto>, ValidationProblem>> Create(
        CreateApiKeyRequest request, AppDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var name = request.Name.NullIfBlank();
        if (name is null) return Problems.Field("name", "Name the key after the system that will use it.");
        if (name.Length > 100) return Problems.Field("name", "At most 100 characters.");

        var (row, key) = ApiKey.Generate(name, user.Identity?.Name, clock.GetUtcNow().UtcDateTime);
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/settings/api-keys/{row.Id}", new CreatedApiKeyDto(ToDto(row), key));
    }

    private static async Task<Results<NoContent, NotFound>> Revoke(int id, AppDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return TypedResults.NotFound();
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow().UtcDateTime;
            key.RevokedBy = user.Identity?.Name;
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }

    private static ApiKeyDto ToDto(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt, k.RevokedBy);
}
