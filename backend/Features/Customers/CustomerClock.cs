namespace WhatsApp.Api.Features.Customers;

/// <summary>
/// The customer's own clock: "today" and "now" in their time zone, or in App:TimeZone when they have none, so a reminder
/// "due today" goes out on the customer's day, not the server's.
/// </summary>
public sealed class CustomerClock
{
    private readonly TimeProvider _clock;

    public CustomerClock(TimeProvider clock, IConfiguration configuration)
    {
        _clock = clock;
        var configured = configuration["App:TimeZone"];
        DefaultZone = string.IsNullOrWhiteSpace(configured) ? TimeZoneInfo.Utc
            : IsIanaZone(configured) ? TimeZoneInfo.FindSystemTimeZoneById(configured)
            : throw new InvalidOperationException($"App:TimeZone '{configured}' is not an IANA time zone such as Europe/Lisbon.");
    }

    public TimeZoneInfo DefaultZone { get; }

    /// <summary>Only IANA names are accepted, so a zone stored here means the same on every operating system.</summary>
    public static bool IsIanaZone(string id) =>
        id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && (zone.HasIanaId || id == "UTC");

    /// <summary>The customer's zone; one stored before its name became unknown to this system falls back to the default.</summary>
    public TimeZoneInfo ZoneOf(Customer customer) =>
        customer.TimeZone is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : DefaultZone;

    public DateTime LocalNow(Customer customer) => TimeZoneInfo.ConvertTimeFromUtc(_clock.GetUtcNow().UtcDateTime, ZoneOf(customer));

    public DateOnly Today(Customer customer) => DateOnly.FromDateTime(LocalNow(customer));

    /// <summary>The calendar day an instant falls on for the customer.</summary>
    public DateOnly LocalDate(Customer customer, DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ZoneOf(customer)));
}
