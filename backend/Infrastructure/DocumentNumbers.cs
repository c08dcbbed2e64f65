namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// Numbers people quote (B-00042, T-00042) for documents created without one. The number comes from the id, which the
/// database assigns on insert, so the row is first written with a unique placeholder and numbered in the same transaction.
/// </summary>
public static class DocumentNumbers
{
    public static string Placeholder() => $"pending-{Guid.NewGuid():N}";

    public static string For(string prefix, int id) => $"{prefix}-{id:00000}";
}
