using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>An evaluator's journey in a real browser on a real loopback server: sign in, compute, watch, print.</summary>
public sealed class EvaluationBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task An_evaluator_computes_and_freezes_a_cycle_from_the_page_and_prints_a_sheet()
    {
        var baseUrl = app.StartLoopbackServer().ToString().TrimEnd('/');

        var o = await OfficialIdsAsync(app);
        await AddRollupsAsync(app, Year(SubjectKind.Official, o["CR-005"], 80, 74));
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var token = await api.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.EvaluatorA, password = Seeder.DemoPassword });
        var bearer = await token.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        api.DefaultRequestHeaders.Authorization = new("Bearer", bearer.GetProperty("accessToken").GetString());
        var id = await CreateCycleAsync(api, await UnitIdAsync(app, WardA));

        await using var browser = await Chromium.LeaseAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/staff/login?returnUrl=%2Fstaff%2Fevaluations");
        await page.FillAsync("#userName", DemoUsers.EvaluatorA);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations");

        await page.ClickAsync("text=2025 — Phường Cái Răng");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}");
        Assert.Equal(0, await page.Locator("meta[http-equiv=refresh]").CountAsync());

        // The form posts with its antiforgery token and comes back to a page that reloads itself while the job waits.
        await page.ClickAsync("text=Tính toán đề xuất");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}");
        Assert.Equal(1, await page.Locator("meta[http-equiv=refresh]").CountAsync());
        Assert.Contains("Đang chờ tính", await page.InnerTextAsync("main"));

        await RunJobAsync(app, id);
        var response = await page.GotoAsync($"{baseUrl}/staff/evaluations/{id}");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        Assert.Equal(0, await page.Locator("meta[http-equiv=refresh]").CountAsync());
        var main = await page.InnerTextAsync("main");
        Assert.Contains("Đã tính, chờ khóa", main);
        Assert.Contains("Hoàn thành xuất sắc nhiệm vụ", main);

        // Freezing from the page (after ticking its confirmation) shows the hash, and the compute and freeze buttons are gone.
        await page.GetByLabel("Tôi hiểu rằng kỳ đánh giá đã khóa không thể thay đổi.").CheckAsync();
        await page.ClickAsync("button:has-text('Khóa kỳ đánh giá')");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}");
        main = await page.InnerTextAsync("main");
        Assert.Contains("Đã khóa lúc", main);
        Assert.Matches("mã băm SHA-256: [0-9a-f]{64}", main);
        Assert.Equal(0, await page.Locator("button:has-text('Tính toán đề xuất'), button:has-text('Khóa kỳ đánh giá')").CountAsync());

        await page.ClickAsync("text=Võ Thanh Sơn");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}/sheets/{o["CR-005"]}");
        Assert.Contains("Tỷ lệ hài lòng 92,5% (n = 80", await page.InnerTextAsync("main"));
        Assert.Contains("Bản đã khóa lúc", await page.InnerTextAsync("main"));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        // One person, one A4 page: the staff header, navigation and links are not printed, the sheet does not break.
        var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
        Assert.True(pdf.Length > 1000);
        Assert.Equal(1, PdfPageCount(pdf));
    }

    /// <summary>The page objects of a PDF Chromium printed (Skia writes them uncompressed: "/Type /Page", the tree is "/Type /Pages").</summary>
    internal static int PdfPageCount(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![a-zA-Z])").Count;
}
