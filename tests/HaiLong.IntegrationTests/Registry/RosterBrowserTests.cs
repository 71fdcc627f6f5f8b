using Microsoft.Playwright;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>The roster on a phone in Chromium: the week view passes axe without sideways scrolling, and the staff at a counter hand over their shift.</summary>
public sealed class RosterBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    private static async Task<IPage> SignedInAsync(IBrowserContext context, Uri baseAddress, string userName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseAddress, "/staff/login").ToString());
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath is "/staff" or "/staff/", until: WaitUntilState.DOMContentLoaded);
        return page;
    }

    [Fact]
    public async Task The_week_view_and_a_handover_at_the_counter_work_on_a_phone()
    {
        var context = await browser.NewPhoneAsync();
        context.SetDefaultTimeout(90_000);
        var admin = await SignedInAsync(context, browser.BaseAddress, DemoUsers.Administrator);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Lịch trực quầy theo tuần" }).ClickAsync();
        await admin.WaitForSelectorAsync("table.roster");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Tuần sau ›" }).ClickAsync();
        await admin.WaitForSelectorAsync("table.roster");
        await admin.GetByRole(AriaRole.Link, new() { Name = "‹ Tuần trước" }).ClickAsync();
        await admin.WaitForSelectorAsync("table.roster");
        await context.CloseAsync();

        var phone = await browser.NewPhoneAsync();
        phone.SetDefaultTimeout(90_000);
        var staff = await SignedInAsync(phone, browser.BaseAddress, DemoUsers.ServiceStaffA);
        await staff.GetByRole(AriaRole.Link, new() { Name = "Ca trực tại quầy: nhận ca, kết thúc, bàn giao" }).ClickAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = "Quầy số 1 — Trung tâm Phục vụ hành chính công phường cái răng" }).ClickAsync();
        await staff.WaitForSelectorAsync("#on-duty");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(staff);
        var before = await staff.TextContentAsync("#on-duty");

        await staff.SelectOptionAsync("#handover-official", new SelectOptionValue { Index = 1 });
        var next = (await staff.EvalOnSelectorAsync<string>("#handover-official", "s => s.options[s.selectedIndex].text")).Trim();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Bàn giao ca" }).ClickAsync();
        await staff.WaitForSelectorAsync("#done");
        Assert.Contains(next, await staff.TextContentAsync("#on-duty"));
        Assert.NotEqual(before, await staff.TextContentAsync("#on-duty"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(staff);
        await phone.CloseAsync();
    }
}
