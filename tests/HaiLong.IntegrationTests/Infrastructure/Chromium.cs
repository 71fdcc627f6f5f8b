namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright through its executable path: no browser is ever downloaded. The flags keep it
/// from reaching for the network, which this machine does not have, and let it run as root.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>A Vietnamese citizen's browser (<c>Accept-Language: vi-VN,vi</c>), as the pages' own language is: headless Chromium
    /// would otherwise ask for en-US, and citizen pages follow the browser's language. A test that wants English opens
    /// <c>?lang=en</c> or gives its context <c>Locale = "en-US"</c>.</summary>
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--lang=vi-VN", "--accept-lang=vi-VN,vi"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
}
