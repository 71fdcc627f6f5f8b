using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>On a phone, the filer of a case the board already closed says "Không hài lòng" and reads that it was reopened.</summary>
public sealed class CaseReopenBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task On_a_phone_the_filer_reopens_a_closed_case_and_reads_the_confirmation()
    {
        var baseUrl = app.StartLoopbackServer();
        var inspectorId = await SetUpBoardOfWardAAsync(app, await app.ClientAsAsync(DemoUsers.Administrator, baseUrl));
        using var filer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = baseUrl };
        var code = await FileOkAsync(filer, $"unit={DemoWorld.WardACode}", Petition("Đèn đường hẻm 12 không sáng."));
        var id = await CaseIdAsync(app, code);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA, baseUrl);
        await AnswerCaseAsync(inspector, id, inspectorId, "Đã thay bóng đèn hẻm 12.");
        await TransitionAsync(inspector, id, new { action = "close" });

        await using var browser = await Chromium.LeaseAsync();
        var phone = await (await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, BaseURL = baseUrl.ToString(),
        })).NewPageAsync();
        await phone.GotoAsync($"/c/{code}");
        Assert.Equal("Đã kết thúc", await phone.TextContentAsync("#status"));
        Assert.Contains("nếu ông/bà chưa hài lòng", (await phone.TextContentAsync("#feedback"))!.ToLowerInvariant());
        await AssertAccessibleOnPhoneAsync(phone);

        await phone.FillAsync("#comment", "Đèn sáng được hai hôm rồi lại tắt.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Không hài lòng" }).ClickAsync();
        await phone.WaitForSelectorAsync("#verdict");

        Assert.Contains("Đơn đã được mở lại và chuyển Ban Thanh tra nhân dân xem xét lại.", await phone.TextContentAsync("#verdict"));
        Assert.Equal("Đã phân công xử lý", await phone.TextContentAsync("#status"));
        Assert.Equal(0, await phone.Locator("#feedback").CountAsync());
        await AssertAccessibleOnPhoneAsync(phone);
        await using var db = app.NewDbContext();
        var last = await db.CaseEvents.Where(e => e.CaseId == id).OrderBy(e => e.Id).LastAsync();
        Assert.Equal(("reopened-by-citizen", "Đèn sáng được hai hôm rồi lại tắt."), (last.Action, last.Note));
    }

    private static async Task AssertAccessibleOnPhoneAsync(IPage page)
    {
        var audit = await Axe.RunAsync(page);
        Assert.NotEmpty(audit.Passes);
        Assert.True(audit.Violations.Length == 0, string.Join("; ", audit.Violations.Select(v => $"{v.Id}: {v.Help}")));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling");
    }
}
