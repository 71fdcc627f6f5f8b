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

    /// <summary>Signs in on the page and waits for where the sign-in leads (the staff home, or the new-password page).</summary>
    public static async Task SignInAsync(IPage page, string userName, string password = Seeder.DemoPassword, string landing = "**/staff")
    {
        await page.GotoAsync("/staff/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(landing);
    }

    public static async Task<bool> FitsAsync(IPage page) =>
        await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
}
