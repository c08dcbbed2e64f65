namespace WhatsApp.Tests.Infrastructure;

public static class TestPhones
{
    private static int _next;

    /// <summary>A valid US number in E.164 that no other call in this test run returns.</summary>
    public static string Next() => $"+1415{2_000_000 + Interlocked.Increment(ref _next)}";
}
