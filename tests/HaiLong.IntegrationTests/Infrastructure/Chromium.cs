using Microsoft.Playwright;

namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright through its executable path: no browser is ever downloaded. The flags keep it
/// from reaching for the network, which this machine does not have, and let it run as root.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
}
