using Microsoft.Playwright;

namespace HaiLong.IntegrationTests.Accounts;

/// <summary>An administrator creates a staff account on a phone in Chromium; the new person signs in and must choose a password.</summary>
public sealed class StaffAccountBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    private static async Task SignInAsync(IPage page, Uri baseAddress, string userName, string password)
    {
        await page.GotoAsync(new Uri(baseAddress, "/staff/login").ToString());
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
    }

    [Fact]
    public async Task An_administrator_creates_an_account_on_a_phone_and_the_person_must_choose_a_password()
    {
        var context = await browser.NewPhoneAsync();
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        await SignInAsync(page, browser.BaseAddress, DemoUsers.Administrator, Seeder.DemoPassword);
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath is "/staff" or "/staff/", until: WaitUntilState.DOMContentLoaded);

        await page.GetByRole(AriaRole.Link, new() { Name = "Tài khoản cán bộ, vai trò và phạm vi quản lý" }).ClickAsync();
        await page.WaitForSelectorAsync("table.stack");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo tài khoản" }).ClickAsync();
        await page.FillAsync("#userName", "Tên Sai");
        await page.FillAsync("#fullName", "Lê Thị Một Cửa");
        await page.SelectOptionAsync("#role", Roles.ServiceStaff);
        await page.SelectOptionAsync("#jurisdictionUnitId", new SelectOptionValue { Label = "Phường Cái Răng" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        await page.WaitForSelectorAsync("#userName-error");
        Assert.Equal("Lê Thị Một Cửa", await page.InputValueAsync("#fullName"));
        Assert.Equal("true", await page.GetAttributeAsync("#userName", "aria-invalid"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        await page.FillAsync("#userName", "mot.cua.le");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        var password = (await page.TextContentAsync("#one-time-password"))!.Trim();
        Assert.Equal(20, password.Length);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        var person = await (await browser.NewPhoneAsync()).NewPageAsync();
        await SignInAsync(person, browser.BaseAddress, "mot.cua.le", password);
        await person.WaitForAddressAsync(u => new Uri(u).AbsolutePath == "/staff/password", until: WaitUntilState.DOMContentLoaded);
        Assert.Equal(1, await person.Locator("#must-change").CountAsync());
        await context.CloseAsync();
    }
}
