namespace HaiLong.IntegrationTests.Responses;

public sealed class CitizenJourneyTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    private const string Script = "<script>window.__xss = 1; alert('xss')</script> Chờ lâu quá";

    [Fact]
    public async Task A_citizen_scans_the_qr_fills_the_form_in_chromium_and_the_response_is_stored()
    {
        var app = browser.App;
        var w = await InvitationWorld.LoadAsync(app);
        var issued = await InvitationWorld.IssueTransactionAsync(await browser.StaffAsync(DemoUsers.ServiceStaffA), w, "HS-E2E-001");
        var url = await InvitationTests.DecodeQrAsync(Convert.FromBase64String(issued.Png));
        Assert.Equal(new Uri(browser.BaseAddress, $"/s/{issued.Token}").ToString(), url);
        await using var phone = await browser.NewPhoneAsync();
        var page = await phone.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        var opened = await page.GotoAsync(url);
        Assert.Equal(200, opened!.Status);
        Assert.True((await opened.BodyAsync()).Length < 30 * 1024, "the form is under 30 KB");
        var about = await page.Locator(".about").InnerTextAsync();
        Assert.Contains(w.OfficialAName, about);
        Assert.Contains(w.ProcedureName, about);
        Assert.Contains("Phường Cái Răng", about);
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));

        var fieldsets = page.Locator("fieldset");
        for (var i = 0; i < await fieldsets.CountAsync(); i++)
        {
            var fieldset = fieldsets.Nth(i);
            var legend = await fieldset.Locator("legend").InnerTextAsync();
            var choice = legend.Contains("đi lại nhiều lần") ? "Không" : legend.StartsWith("Nhìn chung") ? "Không hài lòng" : "Hài lòng";
            await fieldset.GetByLabel(choice, new() { Exact = true }).CheckAsync();
        }
        await page.GetByLabel("Góp ý (không bắt buộc)").FillAsync(Script);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();

        await page.WaitForAddressAsync("**/thanks?**");
        Assert.Contains("Cảm ơn ông/bà đã đánh giá", await page.Locator("h1").InnerTextAsync());
        var filingLink = await page.GetByRole(AriaRole.Link, new() { Name = "Gửi kiến nghị, phản ánh, khiếu nại" }).GetAttributeAsync("href");
        Assert.Contains("/c/new?r=", filingLink);
        Assert.DoesNotContain("Chờ lâu quá", await page.ContentAsync());
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
        await page.GetByLabel("Cán bộ, công chức có thái độ lịch sự, tôn trọng").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi", Exact = true }).ClickAsync();
        // The criteria step posts back to the same URL: wait for its answer, not for a navigation.
        await page.GetByText("đã ghi nhận nội dung").WaitForAsync();
        Assert.Equal(0, dialogs);

        await using var db = app.NewDbContext();
        var stored = await db.Responses.Include(r => r.Answers).SingleAsync(r => r.InvitationId == issued.Id);
        Assert.Equal((w.OfficialA, w.Procedure, issued.SurveyVersionId, w.WardA),
            (stored.OfficialId!.Value, stored.ProcedureId!.Value, stored.SurveyVersionId, stored.UnitId));
        Assert.Equal((short)2, stored.Answers.Single(a => a.Criterion == Criteria.Overall).Score);
        Assert.Equal((short)4, stored.Answers.Single(a => a.Criterion == Criteria.OfficialAttitude).Score);
        Assert.Equal("no", stored.Answers.Single(a => a.Criterion == "info.revisits").Text);
        Assert.Equal(Script, stored.Comment);
        Assert.Equal([Criteria.OfficialAttitude], stored.Disappointments);
        Assert.True(await db.PendingRollups.AnyAsync(p => p.ResponseId == stored.Id));
        Assert.True(await db.ReviewItems.AnyAsync(r => r.ResponseId == stored.Id && r.Kind == ReviewItemKind.LowScoreComment));
        Assert.Matches("^[0-9a-f]{64}$", stored.IpHash!);

        // The same link again: the friendly "already used" page, itself accessible.
        var again = await page.GotoAsync(url);
        Assert.Equal(409, again!.Status);
        Assert.Contains("Phiếu đã được sử dụng", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));

        // The thank-you page's follow-up: the citizen files a petition about the same visit and gets a tracking code.
        await page.GotoAsync(filingLink!);
        await page.CheckAsync("input[name=type][value=Petition]");
        await page.FillAsync("#content", "Đề nghị bố trí thêm ghế chờ ở Bộ phận Một cửa.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đơn" }).ClickAsync();
        await page.WaitForAddressAsync("**/c/*?new=1");
        var code = (await page.TextContentAsync("#tracking-code"))!.Trim();
        await page.GotoAsync($"/c/{code}");
        Assert.Equal("Đã tiếp nhận", await page.TextContentAsync("#status"));
        Assert.Equal(stored.Id, await db.Cases.Where(c => c.TrackingCode == code).Select(c => c.ResponseId).SingleAsync());
    }

    [Fact]
    public async Task A_script_in_a_comment_stays_inert_on_the_staff_comments_page()
    {
        var app = browser.App;
        var w = await InvitationWorld.LoadAsync(app);
        var issued = await InvitationWorld.IssueTransactionAsync(await browser.StaffAsync(DemoUsers.ServiceStaffA), w, "HS-XSS-001");
        var submitted = await InvitationWorld.SubmitAsync(browser.Client(), issued.Token, InvitationWorld.ServiceAnswers(1), Script);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await page.GotoAsync("/staff/login");
        await page.GetByLabel("Tên đăng nhập").FillAsync(DemoUsers.WardLeaderA);
        await page.GetByLabel("Mật khẩu").FillAsync(HaiLong.Api.Infrastructure.Seeding.Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff");
        await page.GotoAsync("/staff/responses");

        var cells = page.Locator("td.comment");
        Assert.Contains(Script, await cells.AllInnerTextsAsync());
        Assert.Equal(0, await page.Locator("td.comment script").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__xss"));
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task The_english_form_the_general_fallback_form_and_the_error_pages_pass_axe()
    {
        var app = browser.App;
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await browser.StaffAsync(DemoUsers.ServiceStaffA);
        var late = await InvitationWorld.IssueTransactionAsync(staff, w, "HS-AXE-LATE");
        var revoked = await InvitationWorld.IssueTransactionAsync(staff, w, "HS-AXE-REVOKED");
        await staff.PostAsync($"/api/invitations/{revoked.Id}/revoke", null);
        await using (var db = app.NewDbContext())
        {
            await db.Invitations.Where(i => i.Id == late.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, app.Clock.GetUtcNow().AddDays(-1)));
        }
        await using var phone = await browser.NewPhoneAsync();
        var page = await phone.NewPageAsync();

        var english = await page.GotoAsync($"/s/{late.Token}?lang=en");
        Assert.Equal(200, english!.Status);
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Contains("general rating of the ward", await page.Locator("main").InnerTextAsync());
        Assert.Equal(1, await page.Locator("fieldset").CountAsync());
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));

        await page.GotoAsync($"/s/{late.Token}");
        await page.GetByLabel("Bình thường", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await page.WaitForAddressAsync("**/thanks?**");

        var gone = await page.GotoAsync($"/s/{revoked.Token}");
        Assert.Equal(410, gone!.Status);
        Assert.Contains("không còn hiệu lực", await page.Locator("main").InnerTextAsync());
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));

        var missing = await page.GotoAsync("/s/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(404, missing!.Status);
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));

        await using var check = app.NewDbContext();
        var general = await check.Responses.SingleAsync(r => r.InvitationId == late.Id);
        Assert.Equal((true, (int?)null), (general.IsGeneralFallback, general.OfficialId));
    }

    [Fact]
    public async Task A_phone_at_a_counter_gets_its_device_cookie_with_its_first_rating_and_cannot_rate_again_within_the_window()
    {
        var app = browser.App;
        var w = await InvitationWorld.LoadAsync(app);
        var counter = await InvitationWorld.IssueAsync(await browser.StaffAsync(DemoUsers.ServiceStaffA),
            new { kind = "Counter", servicePointId = w.CounterA });
        await using var phone = await browser.NewPhoneAsync();
        var page = await phone.NewPageAsync();

        async Task<IResponse> RateAsync()
        {
            await page.GotoAsync($"/s/{counter.Token}");
            foreach (var radio in await page.Locator("input[type=radio][value='4']").AllAsync()) await radio.CheckAsync();
            return await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync(), r => r.Request.Method == "POST");
        }

        await page.GotoAsync($"/s/{counter.Token}");
        Assert.Empty(await phone.CookiesAsync());
        var first = await RateAsync();
        await page.WaitForAddressAsync("**/thanks?**");
        var device = Assert.Single(await phone.CookiesAsync(), c => c.Name == "hailong.device");
        Assert.True(device.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, device.SameSite);
        var second = await RateAsync();

        Assert.Equal(302, first.Status);
        Assert.Equal(409, second.Status);
        Assert.Contains("Ông/bà đã đánh giá", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await InvitationWorld.ResponsesOfAsync(app, counter.Id));
    }

    [Fact]
    public async Task A_form_with_a_missing_required_answer_comes_back_with_the_error_and_nothing_is_stored()
    {
        var app = browser.App;
        var w = await InvitationWorld.LoadAsync(app);
        var issued = await InvitationWorld.IssueTransactionAsync(await browser.StaffAsync(DemoUsers.ServiceStaffA), w, "HS-NOJS-001");
        var client = browser.Client();
        Assert.Contains("name=\"comment\"", await client.GetStringAsync($"/s/{issued.Token}"));

        // Posted as a browser without JavaScript would, but skipping the required overall question.
        var posted = await client.PostAsync($"/s/{issued.Token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["lang"] = "vi", ["comment"] = Script,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        var html = await posted.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        await using var db = app.NewDbContext();
        Assert.False(await db.Responses.AnyAsync(r => r.InvitationId == issued.Id));
    }
}
