using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Auth;

/// <summary>Sessions past keeping are deleted; the ones a credential may still use stay, and keep working.</summary>
public class SessionPruningTests(SharedApp app) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task Pruning_deletes_long_ended_and_long_unseen_sessions_and_keeps_the_rest()
    {
        using var admin = await app.AdminAsync();
        var email = $"staff-{Guid.NewGuid():N}@test.local";
        var user = await (await admin.PostAsJsonAsync("/api/users", new CreateUserRequest(email, "Prune-Password-1!", "Staff"))).Content.ReadFromJsonAsync<UserDto>();
        using var signedIn = await app.SignedInAsync(email, "Prune-Password-1!");

        var now = DateTime.UtcNow;
        UserSession Old(string name, DateTime lastSeen, DateTime? ended) => new()
        {
            Id = Guid.NewGuid(), UserId = user!.Id, Kind = "bearer", CreatedAt = lastSeen, LastSeenAt = lastSeen, EndedAt = ended,
            EndReason = ended is null ? null : "signed-out", UserAgent = name,
        };
        var endedLongAgo = Old("ended long ago", now.AddDays(-60), now.AddDays(-31));
        var unseenLongAgo = Old("unseen long ago", now.AddDays(-31), null);
        var endedRecently = Old("ended recently", now.AddDays(-40), now.AddDays(-2));
        await app.WithDbAsync(async db => { db.AddRange(endedLongAgo, unseenLongAgo, endedRecently); await db.SaveChangesAsync(); });

        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<SessionPruning>().RunAsync(CancellationToken.None));

        var left = await app.WithDbAsync(db => db.Set<UserSession>().Where(s => s.UserId == user!.Id).Select(s => s.UserAgent).ToListAsync());
        Assert.Contains("ended recently", left);
        Assert.DoesNotContain("ended long ago", left);
        Assert.DoesNotContain("unseen long ago", left);
        Assert.Equal(2, left.Count);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/customers")).StatusCode);
    }
}
