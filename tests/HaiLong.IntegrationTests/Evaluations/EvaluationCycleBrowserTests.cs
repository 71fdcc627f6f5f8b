using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>
/// An evaluator's whole year-end job through pages only, in a real browser: start a cycle for a year and a ward, compute it,
/// read the proposals, freeze it after confirming, download the workbook; the pages pass axe on a phone and a desktop.
/// </summary>
[RunsLong(30)]
public sealed partial class EvaluationCycleBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const int CycleYear = 2038;

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        foreach (var (width, height) in new[] { (390, 844), (1280, 800) })
        {
            await page.SetViewportSizeAsync(width, height);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
                $"{what} at {width} px is {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px wide");
            var violations = await HaiLong.IntegrationTests.Responses.CitizenBrowser.SeriousViolationsAsync(page);
            Assert.True(violations.Length == 0, $"{what} at {width}×{height}: {string.Join("\n", violations)}");
        }
    }

    [Fact]
    public async Task An_evaluator_creates_computes_and_freezes_a_cycle_and_downloads_its_workbook_through_pages_only()
    {
        var baseUrl = app.StartLoopbackServer().ToString().TrimEnd('/');
        var o = await OfficialIdsAsync(app);
        await AddRollupsAsync(app, Year(SubjectKind.Official, o["CR-005"], 80, 74, CycleYear));

        await using var browser = await Chromium.LeaseAsync();
        var page = await browser.NewPageAsync(new() { AcceptDownloads = true });
        await page.GotoAsync($"{baseUrl}/staff/login?returnUrl=%2Fstaff%2Fevaluations");
        await page.FillAsync("#userName", DemoUsers.EvaluatorA);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Mở kỳ đánh giá mới");
        await AssertAccessibleAsync(page, "the cycles page");

        // A refused form keeps what was chosen and says why beside the field.
        await page.GetByLabel("Năm đánh giá").FillAsync("hai không ba tám");
        await page.GetByLabel("Phường Cái Răng (Phường)").CheckAsync();
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button:has-text('Mở kỳ đánh giá')"),
            r => r.Url == $"{baseUrl}/staff/evaluations" && r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("#cycle-year-error")).ToHaveTextAsync("Năm đánh giá: hãy nhập năm bằng số, ví dụ 2025.");
        Assert.True(await page.GetByLabel("Phường Cái Răng (Phường)").IsCheckedAsync());
        Assert.True(await page.GetByLabel("Phiên bản 1 (mới nhất)", new() { Exact = false }).IsCheckedAsync());
        await AssertAccessibleAsync(page, "the refused cycles form");

        await page.GetByLabel("Năm đánh giá").FillAsync(CycleYear.ToString());
        await page.ClickAsync("button:has-text('Mở kỳ đánh giá')");
        await page.WaitForAddressAsync(new Regex($"{Regex.Escape(baseUrl)}/staff/evaluations/\\d+$"));
        var id = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        await using (var db = app.NewDbContext())
        {
            var cycle = await db.EvaluationCycles.AsNoTracking().Include(c => c.Unit).SingleAsync(c => c.Id == id);
            Assert.Equal((CycleYear, WardA, EvaluationStatus.Draft), (cycle.Year, cycle.Unit.Code, cycle.Status));
        }
        Assert.Contains($"Đánh giá năm {CycleYear} — Phường Cái Răng (phiên bản 1)", await page.InnerTextAsync("h1"));
        await AssertAccessibleAsync(page, "a draft cycle");

        await page.ClickAsync("button:has-text('Tính toán đề xuất')");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}");
        await Assertions.Expect(page.Locator("#state")).ToContainTextAsync("Đang chờ tính");
        // The Hangfire server is off in tests: the job runs here as a worker would run it.
        await RunJobAsync(app, id);
        await page.GotoAsync($"{baseUrl}/staff/evaluations/{id}");
        var main = await page.InnerTextAsync("main");
        Assert.Matches(@"Tính xong lúc \d\d:\d\d \d\d/\d\d/\d{4} \(giờ Việt Nam\)", main);
        Assert.Contains("Võ Thanh Sơn", main);
        Assert.Contains("Hoàn thành xuất sắc nhiệm vụ", main);
        Assert.Contains("Tỷ lệ hài lòng 92,5% (n = 80", main);
        await AssertAccessibleAsync(page, "a computed cycle");

        // Freezing asks for the confirmation first.
        var unconfirmed = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#freeze button[type=submit]"),
            r => r.Url.EndsWith($"/staff/evaluations/{id}/freeze"));
        Assert.Equal(400, unconfirmed.Status);
        await Assertions.Expect(page.Locator("#freeze-confirm-error")).ToContainTextAsync("Hãy đánh dấu ô xác nhận trước khi khóa");
        await AssertAccessibleAsync(page, "the refused freeze");
        await page.GetByLabel("Tôi hiểu rằng kỳ đánh giá đã khóa không thể thay đổi.").CheckAsync();
        await page.ClickAsync("#freeze button[type=submit]");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}");
        main = await page.InnerTextAsync("main");
        Assert.Contains("Đã khóa lúc", main);
        Assert.Matches("mã băm SHA-256: [0-9a-f]{64}", main);
        Assert.Equal(0, await page.Locator("#state form").CountAsync());
        await AssertAccessibleAsync(page, "a frozen cycle");

        // The export link downloads the frozen cycle's workbook.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Tải tệp Excel (XLSX)"));
        Assert.Equal($"danh-gia-{CycleYear}-v1-{id}.xlsx", download.SuggestedFilename);
        await using var stream = await download.CreateReadStreamAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(copy.ToArray()), false);
        var text =
            string.Join("|", workbook.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>())
            .Select(t => t.Text));
        Assert.Contains("Võ Thanh Sơn", text);

        // The new cycle is on the list with its state.
        await page.GotoAsync($"{baseUrl}/staff/evaluations");
        Assert.Contains($"{CycleYear} — Phường Cái Răng", await page.InnerTextAsync("main table"));
        Assert.Contains("Đã khóa", await page.InnerTextAsync("main table"));
    }
}
