namespace FakeProvider;

// Internal and namespaced so test projects that also reference the API (which has a public global
// Program for WebApplicationFactory) never see two Program types.
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var app = FakeProviderServer.Build(args);
        await app.StartAsync();
        // The default log level hides Kestrel's "Now listening on", so say where we are ourselves.
        Console.WriteLine($"FakeProvider listening on {string.Join(", ", app.Urls)}");
        await app.WaitForShutdownAsync();
    }
}
