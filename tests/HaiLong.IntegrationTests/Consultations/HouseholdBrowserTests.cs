using System.Globalization;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The hamlet head of Khu vực Yên Bình, on a 390 px phone in Debian's Chromium and through pages only, imports the hamlet's
/// register from a CSV file (a refused file first, the choice to mark missing households kept), pages and searches the
/// register, prints it whole, and records a household moving out after one refused attempt; every page passes axe and none
/// scrolls sideways.
/// </summary>
public sealed class HouseholdBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static FilePayload Csv(string text) => new() { Name = "ho-gia-dinh.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task A_hamlet_head_imports_the_register_pages_it_and_records_a_household_moving_out_on_a_phone()
    {
        var address = app.StartLoopbackServer();
        var baseUrl = address.ToString().TrimEnd('/');
        await using var browser = await Chromium.LeaseAsync();
        var page = await StaffChromium.NewPageAsync(browser, address);
        await StaffChromium.SignInAsync(page, DemoUsers.HamletHeadA);

        await page.Locator("ul.areas-list").GetByRole(AriaRole.Link, new() { Name = "Sổ hộ gia đình (thôn, tổ dân phố)" }).ClickAsync();
        await page.WaitForAddressAsync($"{baseUrl}/staff/households");
        await Assertions.Expect(page.Locator("#hamlets tbody tr")).ToHaveCountAsync(1);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Khu vực Yên Bình" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex(@"/staff/households/hamlets/\d+$"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Nhập từ tệp dữ liệu cư trú (CSV)" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex(@"/import$"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // A file with a row without a representative: refused with its line number, the choice kept, nothing stored.
        var rows = string.Concat(Enumerable.Range(1, 30).Select(i => $"YB{i:000},Trần Văn Hộ {i},\"Số {i}, Khu vực Yên Bình\"\n"));
        await page.CheckAsync("#markMissingMovedOut");
        await page.SetInputFilesAsync("#file", Csv("code,representative,address\n" + rows + "YB031,,Số 31\n"));
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Xem trước" }).ClickAsync(),
            r => r.Url.EndsWith("/import") && r.Request.Method == "POST");
        Assert.Equal(422, refused.Status);
        await Assertions.Expect(page.Locator("#row-errors")).ToContainTextAsync("32");
        await Assertions.Expect(page.Locator("#row-errors")).ToContainTextAsync("Cột representative bắt buộc phải có.");
        Assert.True(await page.IsCheckedAsync("#markMissingMovedOut"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await using (var db = app.NewDbContext()) Assert.False(await db.Households.AnyAsync(h => h.Code.StartsWith("YB")));

        // The corrected file (with a BOM, as spreadsheets save "CSV UTF-8"): previewed, then applied.
        await page.SetInputFilesAsync("#file", Csv("\uFEFFcode,representative,address\n" + rows));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem trước" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-status")).ToContainTextAsync("Sẽ thêm 30 hộ");
        Assert.True(await page.IsCheckedAsync("#confirm-markMissingMovedOut"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập vào sổ hộ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-status")).ToContainTextAsync("Đã thêm 30 hộ");
        await using (var db = app.NewDbContext()) Assert.Equal(30, await db.Households.CountAsync(h => h.Code.StartsWith("YB")));

        // The register: two pages of 25, a search without diacritics' help needed, and the whole register for print.
        await page.ClickAsync("#to-register");
        await Assertions.Expect(page.Locator("#households caption")).ToHaveTextAsync("30 hộ");
        await Assertions.Expect(page.Locator("#households tbody tr")).ToHaveCountAsync(25);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.ClickAsync("a[rel=next]");
        await Assertions.Expect(page.Locator("#households tbody tr")).ToHaveCountAsync(5);
        await page.FillAsync("#q", "Hộ 17");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm" }).ClickAsync();
        await Assertions.Expect(page.Locator("#households tbody tr")).ToHaveCountAsync(1);
        await page.FillAsync("#q", "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm" }).ClickAsync();
        await page.ClickAsync("#print-link");
        await Assertions.Expect(page.Locator("#households tbody tr")).ToHaveCountAsync(30);
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.True(pdf.Length > 1000);

        // A household moves out: the empty day is refused beside the field, then the day is recorded and shows in the history.
        await page.GetByRole(AriaRole.Link, new() { Name = "YB017" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex(@"/staff/households/\d+$"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        var empty = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận chuyển đi" }).ClickAsync(),
            r => r.Url.EndsWith("/move-out") && r.Request.Method == "POST");
        Assert.Equal(400, empty.Status);
        await Assertions.Expect(page.Locator("#move-out-leftOn-error")).ToHaveTextAsync("Ngày chuyển đi: bắt buộc phải nhập.");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        var today = VietnamTime.Today(app.Clock);
        await page.FillAsync("#move-out-leftOn", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận chuyển đi" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex(@"\?done=movedout$"));
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync($"Đã chuyển đi (từ {today:dd/MM/yyyy})");
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync(DemoUsers.HamletHeadA);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await using (var db = app.NewDbContext())
        {
            var household = await db.Households.SingleAsync(h => h.Code == "YB017");
            Assert.Equal((HouseholdStatus.MovedOut, today), (household.Status, household.LeftOn!.Value));
        }
    }
}
