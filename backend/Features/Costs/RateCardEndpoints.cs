using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Costs;

public static class RateCardEndpoints
{
    public static IServiceCollection AddCosts(this IServiceCollection services) => services.AddSingleton<RateCardCache>();

    public static IEndpointRouteBuilder MapCostsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settings/rate-card").WithTags("Costs").RequireAuthorization(Policies.Admin);
        group.MapGet("/", Get).WithName("GetRateCard").WithSummary("The rate card messages are priced by: per pricing category and recipient country, with the date it is from.");
        group.MapPut("/", Put).WithName("PutRateCard").WithSummary("Replaces the rate card; messages priced from now on use it.");
        return app;
    }

    private static async Task<Ok<RateCardDto>> Get(AppDbContext db, CancellationToken ct) => TypedResults.Ok(await LoadAsync(db, ct));

    private static async Task<Results<Ok<RateCardDto>, ValidationProblem>> Put(
        RateCardRequest request, AppDbContext db, RateCardCache cache, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var errors = RateCardRules.Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var card = await db.Set<RateCard>().FirstOrDefaultAsync(c => c.Id == RateCard.SingletonId, ct);
        if (card is null) db.Add(card = new RateCard { Id = RateCard.SingletonId, Label = "" });
        card.Label = request.Label!.Trim();
        card.AsOf = request.AsOf!.Value;
        card.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        card.UpdatedBy = user.Identity?.Name;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<RateCardPrice>().ExecuteDeleteAsync(ct);
        db.AddRange(request.Prices!.Select(p => new RateCardPrice
        {
            Category = p.Category!.Trim().ToLowerInvariant(), Country = p.Country!.Trim().ToUpperInvariant(),
            Price = p.Price!.Value, Currency = p.Currency!.Trim().ToUpperInvariant(),
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        cache.Invalidate();
        return TypedResults.Ok(await LoadAsync(db, ct));
    }

    private static async Task<RateCardDto> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var card = await db.Set<RateCard>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == RateCard.SingletonId, ct);
        var prices = await db.Set<RateCardPrice>().AsNoTracking().OrderBy(p => p.Category).ThenBy(p => p.Country).ToListAsync(ct);
        return new RateCardDto(card?.Label ?? "", card?.AsOf ?? default, prices.Select(p => new RateCardPriceDto(p.Category, p.Country, p.Price, p.Currency)).ToList(),
            card?.UpdatedAt ?? default, card?.UpdatedBy);
    }
}
