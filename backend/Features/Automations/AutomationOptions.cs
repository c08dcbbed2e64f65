using System.Globalization;

namespace WhatsApp.Api.Features.Automations;

/// <summary>Configuration section "Automations".</summary>
public sealed class AutomationOptions
{
    /// <summary>"21:00-08:00": automated messages created in this window (customer's time) wait until it ends. Empty: none.</summary>
    public string? QuietHours { get; set; }
    /// <summary>When the reminder and expiry scans run (cron, UTC).</summary>
    public string ScanCron { get; set; } = "*/15 * * * *";
    /// <summary>Events handled per round.</summary>
    public int BatchSize { get; set; } = 200;
    /// <summary>Attempts while no provider can take the message, before the event fails.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The quiet window as start and end times of day; false when it is set but malformed.</summary>
    public bool TryGetQuietHours(out (TimeOnly Start, TimeOnly End)? window)
    {
        window = null;
        if (string.IsNullOrWhiteSpace(QuietHours)) return true;
        var parts = QuietHours.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || start == end)
            return false;
        window = (start, end);
        return true;
    }
}

/// <summary>When a message created now may go out: at once, or at the end of the customer's quiet hours.</summary>
public static class QuietHours
{
    /// <summary>Null when <paramref name="localNow"/> is outside the window; otherwise the UTC time the window ends.</summary>
    public static DateTime? EndsAt((TimeOnly Start, TimeOnly End)? window, DateTime localNow, TimeZoneInfo zone)
    {
        if (window is not var (start, end)) return null;
        var time = TimeOnly.FromDateTime(localNow);
        var inside = start < end ? time >= start && time < end : time >= start || time < end;
        if (!inside) return null;
        var endDate = DateOnly.FromDateTime(localNow);
        if (time >= end) endDate = endDate.AddDays(1);
        var localEnd = endDate.ToDateTime(end, DateTimeKind.Unspecified);
        // A window ending inside a spring-forward gap ends when the clocks resume.
        while (zone.IsInvalidTime(localEnd)) localEnd = localEnd.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(localEnd, zone);
    }
}
