using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>An evaluator enters the year's inputs from the pages in a real browser, then sees them in the computed result.</summary>
public sealed class EvaluationInputsBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task An_evaluator_enters_a_target_dossier_figures_and_a_note_and_finds_them_in_the_computed_result()
    {
        var baseUrl = app.StartLoopbackServer().ToString().TrimEnd('/');
        var leaderId = (await OfficialIdsAsync(app))["CR-002"];
        await AddRollupsAsync(app, Year(SubjectKind.Official, leaderId, 80, 74));
        string leaderName;
        await using (var db = app.NewDbContext()) leaderName = await db.Officials.Where(o => o.Id == leaderId).Select(o => o.FullName).SingleAsync();
        var wardId = await UnitIdAsync(app, WardA);
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var token = await api.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.EvaluatorA, password = Seeder.DemoPassword });
        var bearer = await token.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        api.DefaultRequestHeaders.Authorization = new("Bearer", bearer.GetProperty("accessToken").GetString());
        var id = await CreateCycleAsync(api, wardId);

        await using var browser = await Chromium.LeaseAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/staff/login?returnUrl=%2Fstaff%2Fevaluations%2F{id}");
        await page.FillAsync("#userName", DemoUsers.EvaluatorA);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}");

        // Fields are reached by their labels, so every label must be tied to its input.
        const string title = "Hồ sơ trực tuyến <toàn trình>";
        await page.GetByLabel("Tên chỉ tiêu", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Giá trị mục tiêu", new() { Exact = true }).FillAsync("80");
        await page.ClickAsync("button:has-text('Thêm chỉ tiêu')");
        await Assertions.Expect(page.Locator("#targets table")).ToContainTextAsync(title);
        await Assertions.Expect(page.Locator("#targets table")).ToContainTextAsync("chưa báo cáo");

        await page.GetByLabel("Giá trị đạt được", new() { Exact = true }).FillAsync("60");
        await page.GetByLabel("Minh chứng", new() { Exact = true }).FillAsync("Báo cáo 12/BC-UBND");
        await page.ClickAsync("button:has-text('Lưu kết quả')");
        await Assertions.Expect(page.Locator("#targets table")).ToContainTextAsync("75,0%");
        await Assertions.Expect(page.Locator("#targets table")).ToContainTextAsync("Báo cáo 12/BC-UBND");

        // A refused entry comes back with the reason and what was typed.
        await page.GetByLabel("Tổng số hồ sơ", new() { Exact = true }).FillAsync("1200");
        await page.GetByLabel("Số hồ sơ quá hạn", new() { Exact = true }).FillAsync("1300");
        await page.GetByLabel("Nguồn số liệu", new() { Exact = true }).FillAsync("Hệ thống một cửa tỉnh");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button:has-text('Lưu số liệu')"),
            r => r.Url.EndsWith($"/dossier-figures/{wardId}"));
        Assert.Equal(422, refused.Status);
        await Assertions.Expect(page.Locator("#figures [role=alert]")).ToHaveTextAsync("Số hồ sơ quá hạn không thể lớn hơn tổng số hồ sơ.");
        Assert.Equal("1300", await page.GetByLabel("Số hồ sơ quá hạn", new() { Exact = true }).InputValueAsync());
        // The message is tied to its field, and the page with a refused form has no serious accessibility finding.
        Assert.Equal("true", await page.GetByLabel("Số hồ sơ quá hạn", new() { Exact = true }).GetAttributeAsync("aria-invalid"));
        Assert.Equal("Số hồ sơ quá hạn không thể lớn hơn tổng số hồ sơ.",
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Số hồ sơ quá hạn", Exact = true }).EvaluateAsync<string>(
                "e => document.getElementById(e.getAttribute('aria-describedby')).textContent"));
        Assert.Empty(await HaiLong.IntegrationTests.Responses.CitizenBrowser.SeriousViolationsAsync(page));

        await page.GetByLabel("Số hồ sơ quá hạn", new() { Exact = true }).FillAsync("30");
        await page.ClickAsync("button:has-text('Lưu số liệu')");
        await Assertions.Expect(page.Locator("#figures table")).ToContainTextAsync("1200");
        await Assertions.Expect(page.Locator("#figures table")).ToContainTextAsync("Hệ thống một cửa tỉnh");

        await page.ClickAsync("text=Tính toán đề xuất");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}");
        await RunJobAsync(app, id);
        await page.GotoAsync($"{baseUrl}/staff/evaluations/{id}");
        var main = await page.InnerTextAsync("main");
        Assert.Contains("Đã tính, chờ khóa", main);
        Assert.Contains($"“{title}” đạt 60,0/80,0", main);

        await page.ClickAsync($"text={leaderName}");
        await page.WaitForAddressAsync($"{baseUrl}/staff/evaluations/{id}/sheets/{leaderId}");
        const string note = "Đề nghị xem xét <khen thưởng>";
        await page.GetByLabel("Ý kiến của người đánh giá", new() { Exact = true }).FillAsync(note);
        await page.ClickAsync("button:has-text('Thêm ý kiến')");
        await Assertions.Expect(page.Locator("article.sheet")).ToContainTextAsync(note);
        Assert.Equal(0, await page.Locator("khen").CountAsync());
        await page.GotoAsync($"{baseUrl}/staff/evaluations/{id}");
        Assert.Contains($"Ghi chú: {note}", await page.InnerTextAsync("main"));

        // On a phone the cycle page stacks its tables into cards instead of scrolling sideways.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"{baseUrl}/staff/evaluations/{id}");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page is {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px wide");
        Assert.Empty(await HaiLong.IntegrationTests.Responses.CitizenBrowser.SeriousViolationsAsync(page));

        // The computed result read through the API carries the same inputs.
        var detail = await GetAsync(api, id);
        var leader = detail.Content.Results.Single(r => r.OfficialId == leaderId);
        Assert.Equal(note, leader.Note);
        Assert.Contains(leader.Components, c => c.Key == "targets" && c.Points == 75m);
        var ward = detail.Content.Group5.Single(g => g.UnitId == wardId);
        Assert.Equal((1200, 30, "Hệ thống một cửa tỉnh"), (ward.DossiersTotal, ward.DossiersOverdue, ward.DossierSource));
        Assert.Equal(title, detail.Content.Targets.Single().Title);
    }
}
