namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>A staff member's Chromium: a page at a phone's or a desk's width, signed in through the sign-in page.</summary>
public static class StaffChromium
{
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseUrl, int width = 390, int height = 844)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = baseUrl.ToString(),
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Signs in on the page and waits for where the sign-in leads (the staff home, or the new-password page), up to
    /// <paramref name="timeout"/> ms (a test that made its context more patient passes the same here).
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password = Seeder.DemoPassword, string landing = "**/staff",
        float timeout = 30_000)
    {
        await page.GotoAsync("/staff/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForAddressAsync(landing, timeout);
    }

    /// <summary>
    /// Opens a page of <paramref name="context"/> (which has the server as its base address), signs in through the sign-in
    /// page's labels, as a person or a screen reader finds the fields, and waits for the staff home — or for
    /// <paramref name="returnUrl"/>, asked for on the way in. The context is made patient: the suite shares two cores with
    /// Chromium, so a slow page is allowed, never a wrong one.
    /// </summary>
    public static async Task<IPage> SignInByLabelsAsync(IBrowserContext context, string userName, string? returnUrl = null)
    {
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(returnUrl is null ? "/staff/login" : $"/staff/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("Tên đăng nhập").FillAsync(userName);
        await page.GetByLabel("Mật khẩu").FillAsync(Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        var landing = returnUrl ?? "/staff";
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath.TrimEnd('/') == landing, 90_000, WaitUntilState.DOMContentLoaded);
        return page;
    }

    public static async Task<bool> FitsAsync(IPage page) =>
        await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
}
