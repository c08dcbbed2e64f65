namespace WhatsApp.Api.Infrastructure;

public static class TextExtensions
{
    /// <summary>Cuts text to a column's length, so an oversized provider message or reply never fails a write.</summary>
    public static string? Truncate(this string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    /// <summary>Blank form input means "no value": stored as null, trimmed otherwise.</summary>
    public static string? NullIfBlank(this string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public static class DateTimeExtensions
{
    /// <summary>A time without a zone is taken as UTC, like every timestamp the API returns.</summary>
    public static DateTime AsUtc(this DateTime at) => at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime();

    /// <summary>Whole microseconds, what PostgreSQL's timestamps keep (SQLite keeps every tick): a value answered before it is stored equals what is read back later.</summary>
    public static DateTime ToStoredPrecision(this DateTime at) => new(at.Ticks - at.Ticks % 10, at.Kind);
}

/// <summary>
/// LIKE patterns that mean the same on SQLite and PostgreSQL: the search text's <c>%</c>, <c>_</c> and <c>\</c> are
/// literal (PostgreSQL would otherwise take <c>\</c> as its default escape and SQLite would not). Use with
/// <c>EF.Functions.Like(column, pattern, LikePattern.Escape)</c>.
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    /// <summary>Matches text containing <paramref name="term"/>.</summary>
    public static string Containing(string term) =>
        "%" + term.Replace(Escape, Escape + Escape).Replace("%", Escape + "%").Replace("_", Escape + "_") + "%";
}
