namespace HaiLong.IntegrationTests.Journeys;

/// <summary>
/// A member of the People's Inspection Board, on a phone, through pages only: a citizen handed in a complaint at the ward
/// yesterday; the member records it today with the scanned letter, prints the receipt, and finds it in the queue with its
/// deadline counted from yesterday. The world's clock is Wednesday 25 November 2026, 09:00 in Vietnam.
/// </summary>
public sealed class BoardMemberJourneyTests : IAsyncLifetime
{
    private HaiLongApp _app = null!;

    public async Task InitializeAsync() => _app = await HaiLongApp.StartAtAsync(MovedClockCases.Start);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_board_member_records_a_walk_in_complaint_received_yesterday_and_its_deadline_counts_from_yesterday()
    {
        var baseUrl = _app.StartLoopbackServer();
        await using var browser = await Chromium.LeaseAsync();
        var page = await StaffChromium.NewPageAsync(browser, baseUrl);
        await StaffChromium.SignInAsync(page, DemoUsers.InspectorA);

        await page.GotoAsync("/staff/reception");
        await page.SelectOptionAsync("#unitId", new SelectOptionValue { Label = "Phường Cái Răng" });
        await page.GetByLabel("Công dân nộp trực tiếp").CheckAsync();
        await page.FillAsync("#receivedOn", "2026-11-24");
        await page.GetByLabel("Khiếu nại").CheckAsync();
        await page.FillAsync("#content", "Khiếu nại quyết định xử phạt vi phạm hành chính số 12/QĐ-XPHC ngày 10/11/2026.");
        await page.FillAsync("#name", "Trần Văn Bình");
        await page.FillAsync("#phone", "0901234567");
        await page.SetInputFilesAsync("#files", new FilePayload { Name = "don-khieu-nai.png", MimeType = "image/png", Buffer = CaseWorld.Png });
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận đơn và in giấy biên nhận" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/reception/*/receipt");

        // The receipt: received yesterday, and the ten days to accept a complaint (Luật Khiếu nại, art. 27) run from then.
        Assert.Equal("24/11/2026", await page.InnerTextAsync("#received-on"));
        Assert.Equal("04/12/2026", await page.InnerTextAsync("#accept-due"));
        var code = await page.InnerTextAsync("#tracking-code");
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
        Assert.True(await StaffChromium.FitsAsync(page), "the receipt scrolls sideways at 390 px");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("nav").First.IsVisibleAsync(), "the printed receipt carries the staff navigation");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The queue shows the complaint with the same deadline; its history says who received it and when.
        await page.GotoAsync("/staff/cases");
        var row = page.Locator("tr, li, article").Filter(new() { HasText = code }).First;
        Assert.Contains("04/12/2026", await row.InnerTextAsync());
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForAddressAsync("**/staff/cases/*");
        var detail = await page.InnerTextAsync("main");
        Assert.Contains("nhận ngày 24/11/2026", detail);
        Assert.Contains("Khiếu nại quyết định xử phạt", detail);
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
    }
}
