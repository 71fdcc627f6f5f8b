namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>The app on a real Kestrel loopback port with a seeded scorecard month, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserApp : CitizenBrowser
{
    public ScorecardWorld World { get; private set; } = null!;
    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    protected override async Task SeedAsync() => World = await ScorecardWorld.SeedAsync(App);
}
