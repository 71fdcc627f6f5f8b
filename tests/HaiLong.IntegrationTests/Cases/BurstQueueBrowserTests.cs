using static HaiLong.IntegrationTests.Cases.CaseWorld;
using static HaiLong.IntegrationTests.Responses.BurstWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>A board member decides a burst of answers from the queue on a phone, in headless Chromium.</summary>
public sealed class BurstQueueBrowserTests
{
    [Fact]
    public async Task On_a_phone_the_board_member_reads_a_burst_and_counts_its_answers()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        var baseUrl = app.StartLoopbackServer();
        var admin = await app.ClientAsAsync(DemoUsers.Administrator, baseUrl);
        await SetUpBoardOfWardAAsync(app, admin);
        var (meeting, script) = await BurstVerdictTests.TwoBurstsOfWardAAsync(app, admin);

        await using var browser = await Chromium.LeaseAsync();
        var page = await StaffChromium.NewPageAsync(browser, baseUrl);
        await StaffChromium.SignInAsync(page, DemoUsers.InspectorA);
        await page.GotoAsync("/staff/cases");

        var row = page.Locator($"#burst-{meeting}");
        Assert.Contains("cùng một địa chỉ mạng", await row.InnerTextAsync());
        Assert.Contains("6 phiếu đang chờ quyết định", await row.InnerTextAsync());
        var audit = await Axe.RunAsync(page);
        Assert.True(audit.Violations.Length == 0, string.Join("; ", audit.Violations.Select(v => $"{v.Id}: {v.Help}")));
        Assert.True(await StaffChromium.FitsAsync(page), "The queue scrolls sideways at 390 px.");

        await row.GetByLabel("Ghi chú của Ban (không bắt buộc)").FillAsync("Họp tổ dân phố số 3, dùng chung wifi nhà văn hóa.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Tính các phiếu" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/cases");

        Assert.Equal(0, await page.Locator($"#burst-{meeting}").CountAsync());
        Assert.Equal(1, await page.Locator($"#burst-{script}").CountAsync());
        await using var db = app.NewDbContext();
        var item = await db.ReviewItems.SingleAsync(r => r.Id == meeting);
        Assert.Equal(HeldResponsesVerdict.Counted, item.Verdict);
        Assert.Equal("Họp tổ dân phố số 3, dùng chung wifi nhà văn hóa.", item.ReviewNote);
    }
}
