namespace HaiLong.IntegrationTests.Foundation;

/// <summary>An English browser in headless Chromium: from the landing page to a filed case in English, then the switch to Vietnamese.</summary>
public sealed class CitizenLanguageBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task An_English_browser_files_a_case_in_English_and_can_switch_to_Vietnamese()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(), Locale = "en-US",
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Citizen feedback for your ward", await page.Locator("h1").InnerTextAsync());
        await page.Locator($"a[href^='/c/new?unit={DemoWorld.WardACode}']").ClickAsync();
        // The filing form is loaded (and its antiforgery cookie set) before anything is typed into it.
        await page.WaitForAddressAsync("**/c/new?**");
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal("File a petition, report, complaint or denunciation", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
        await page.GetByLabel("Petition", new() { Exact = true }).CheckAsync();
        await page.FillAsync("#content", "The street light on Yên Bình street has been broken for two weeks.");
        var filed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST", new() { Timeout = 60_000 });
        Assert.True(filed.Status == 302, $"filing answered {filed.Status}: {await page.Locator("main").InnerTextAsync()}");
        await page.WaitForAddressAsync("**/c/*?new=1&lang=en", 60_000);

        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Contains("Your petition has been received.", await page.Locator("main").InnerTextAsync());
        Assert.Equal("Received", await page.TextContentAsync("#status"));

        await page.Locator("#other-language").ClickAsync();
        await page.WaitForAddressAsync("**lang=vi**");
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Đã tiếp nhận", await page.TextContentAsync("#status"));
        // Vietnamese was chosen against the browser's language: it stays for the next page.
        await page.Locator("footer a").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == "/c");
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Tra cứu kết quả giải quyết đơn", await page.Locator("h1").InnerTextAsync());
    }
}
