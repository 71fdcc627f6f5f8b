namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// The app on a real loopback Kestrel port and a lease on the run's headless Chromium (<see cref="Chromium"/>).
/// A fixture that needs a world in it first derives and overrides <see cref="SeedAsync"/>.
/// </summary>
public class CitizenBrowser : IAsyncLifetime
{
    public HaiLongApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        BaseAddress = App.StartLoopbackServer();
        await SeedAsync();
        Browser = await Chromium.LeaseAsync();
    }

    /// <summary>Writes the fixture's world once the server is up; nothing by default.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        await ((IAsyncLifetime)App).DisposeAsync();
    }

    /// <summary>An HTTP client of the real server, with its own cookies and no automatic redirects.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress =
            BaseAddress };

    /// <summary>A real-server API client signed in with a bearer token.</summary>
    public async Task<HttpClient> StaffAsync(string userName)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = HaiLong.Api.Infrastructure.Seeding.Seeder.DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A phone-sized browser context of its own (own cookies).</summary>
    public Task<IBrowserContext> NewPhoneAsync() => NewContextAsync(390, 844);

    /// <summary>A browser context of its own at this viewport; below 600 px wide it is a touch phone.</summary>
    public Task<IBrowserContext> NewContextAsync(int width, int height) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = height },
        IsMobile = width < 600,
        HasTouch = width < 600,
        BaseURL = BaseAddress.ToString(),
    });

    /// <summary>
    /// What every page must pass at the viewport it is shown in: no serious or critical axe-core violation, and nothing wider
    /// than the viewport (no sideways scrolling on a 390 px phone).
    /// </summary>
    public static async Task AssertAccessibleAndFitsAsync(IPage page)
    {
        var violations = await SeriousViolationsAsync(page);
        Assert.True(violations.Length == 0, $"{page.Url}: {string.Join("; ", violations)}");
        Assert.True(await StaffChromium.FitsAsync(page), $"{page.Url} scrolls sideways at {page.ViewportSize?.Width} px");
    }

    /// <summary>Serious or critical axe-core violations of the page as it is now, described for the assertion message.</summary>
    public static async Task<string[]> SeriousViolationsAsync(IPage page)
    {
        var result = await Axe.RunAsync(page);
        Assert.NotEmpty(result.Passes);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes)}")
            .ToArray();
    }
}
