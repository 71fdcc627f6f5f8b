namespace HaiLong.IntegrationTests.Audit;

/// <summary>An administrator does a few things, then finds them in the audit log by their own name, in words, in Chromium.</summary>
public sealed class AuditLogBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task An_administrator_finds_their_own_actions_in_words_by_filtering_on_their_name()
    {
        var baseUrl = app.StartLoopbackServer();
        await using var browser = await Chromium.LeaseAsync();
        var page = await StaffChromium.NewPageAsync(browser, baseUrl, width: 1280, height: 800);
        await StaffChromium.SignInAsync(page, DemoUsers.Administrator);

        // One act through a page (ward B's People's Inspection Board, which the demo lacks), one through the API (a public holiday).
        await page.GotoAsync("/staff/cases/boards");
        await page.Locator("form").Filter(new() { HasText = "Phường Hưng Phú" }).GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/cases/boards");
        var api = await app.ClientAsAsync(DemoUsers.Administrator, baseUrl);
        var holiday = await api.PutAsJsonAsync("/api/cases/holidays", new { date = "2031-09-03", name = "Nghỉ bù Quốc khánh" });
        Assert.Equal(HttpStatusCode.OK, holiday.StatusCode);

        // The audit log, from the navigation, filtered by the administrator's own name.
        await page.GotoAsync("/staff");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nhật ký hệ thống" }).First.ClickAsync();
        await page.FillAsync("#actor", "Quản trị hệ thống");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/audit?*actor=*");
        var rows = await page.Locator("#entries tbody tr").AllInnerTextsAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("Quản trị hệ thống (quantri)", r));
        Assert.Contains(rows, r => r.Contains("Thêm mới: Ban Thanh tra nhân dân") && r.Contains("phường hưng phú", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(rows, r => r.Contains("Thêm mới: Ngày nghỉ lễ") && r.Contains("Nghỉ bù Quốc khánh"));
        Assert.Contains(rows, r => r.Contains("Đăng nhập thành công"));
        Assert.DoesNotContain(rows, r => r.Contains("InspectionBoard.created") || r.Contains("PublicHoliday.created"));
        Assert.Equal("Quản trị hệ thống", await page.InputValueAsync("#actor"));
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));

        // On a phone the entries are stacked cards, and still pass.
        await page.SetViewportSizeAsync(390, 844);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // A refused filter is shown beside its field, and passes too.
        await page.FillAsync("#from", "2030-05-02");
        await page.FillAsync("#to", "2030-05-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/audit?*from=2030-05-02*");
        Assert.Contains("không được sau", await page.InnerTextAsync("#from-error"));
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
        await page.SetViewportSizeAsync(1280, 800);
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
    }
}
