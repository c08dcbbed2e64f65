using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Tests.Messaging;

/// <summary>A provider's last success is written at most once a second; each provider keeps its own second.</summary>
public class ProviderSuccessStampsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_first_success_is_written_and_the_next_only_once_a_second_has_passed()
    {
        var stamps = new ProviderSuccessStamps(_clock);
        Assert.True(stamps.Due(1));
        Assert.False(stamps.Due(1));
        _clock.Advance(ProviderSuccessStamps.Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(stamps.Due(1));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(stamps.Due(1));
        Assert.False(stamps.Due(1));
    }

    [Fact]
    public void One_providers_write_does_not_hold_back_anothers()
    {
        var stamps = new ProviderSuccessStamps(_clock);
        Assert.True(stamps.Due(1));
        Assert.True(stamps.Due(2));
        Assert.False(stamps.Due(2));
        _clock.Advance(ProviderSuccessStamps.Interval);
        Assert.True(stamps.Due(2));
        Assert.True(stamps.Due(1));
    }
}
