namespace GridGov.Samples.Web.Tests;

/// <summary>One running sample (real Kestrel on a free loopback port, in-memory store), shared by a test class.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    internal WebApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string Url => App.Url;

    public async Task InitializeAsync()
    {
        App = await WebApp.CreateAsync(["--urls", "http://127.0.0.1:0"]);
        await App.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(App.Url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
