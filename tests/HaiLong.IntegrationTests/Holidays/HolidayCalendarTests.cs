using HaiLong.Api.Features.Holidays;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Holidays;

/// <summary>The holiday calendar, from the page and the API, with the clock at 25 November 2026 (MovedClockCases).</summary>
[RunsLong(20)]
public sealed class HolidayCalendarTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly MovedClockCases _world = new(app);

    [Fact]
    public async Task Adding_and_removing_a_holiday_recounts_the_deadlines_still_running_and_leaves_closed_cases_alone()
    {
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var running = await _world.FileAsync(Petition());
        var closed = await _world.FileAsync(Petition("Kiến nghị đã trả lời"));
        var inspector = await _world.Host.ClientAsInspectorAsync();
        await AnswerCaseAsync(inspector, closed, inspectorId, "Đã trả lời.");
        await TransitionAsync(inspector, closed, new { action = "close" });
        // The 15th working day after Wednesday 25 November 2026 is 16 December.
        Assert.Equal(new DateOnly(2026, 12, 16), await AnswerDueAsync(running));
        var closedDue = await AnswerDueAsync(closed);

        var admin = await _world.Host.ClientAsAsync(DemoUsers.Administrator);
        var put = await admin.PutAsJsonAsync("/api/cases/holidays", new { date = "2026-12-02", name = "Ngày nghỉ công bố thêm" });
        put.EnsureSuccessStatusCode();
        var added = (await put.Content.ReadFromJsonAsync<HolidayChangeResponse>())!;

        Assert.Equal(1, added.DaysChanged);
        Assert.Equal(1, added.DeadlinesMoved);
        Assert.Equal(new DateOnly(2026, 12, 17), await AnswerDueAsync(running));
        Assert.Equal(closedDue, await AnswerDueAsync(closed));

        var again = await admin.PutAsJsonAsync("/api/cases/holidays", new { date = "2026-12-02", name = "Ngày nghỉ công bố thêm" });
        Assert.Equal(new HolidayChangeResponse(0, 0), await again.Content.ReadFromJsonAsync<HolidayChangeResponse>());

        var removed = await admin.DeleteAsync("/api/cases/holidays/2026-12-02");
        Assert.Equal(new HolidayChangeResponse(1, 1), await removed.Content.ReadFromJsonAsync<HolidayChangeResponse>());
        Assert.Equal(new DateOnly(2026, 12, 16), await AnswerDueAsync(running));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/cases/holidays/2026-12-02")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync("/api/cases/holidays/02-12-2026")).StatusCode);

        await using var db = app.NewDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "holidays.deadlines-recounted"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(PublicHoliday)));
    }

    [Fact]
    public async Task The_page_proposes_the_years_holidays_and_an_administrator_confirms_them()
    {
        var admin = await _world.Host.ClientAsAsync(DemoUsers.Administrator);
        var year = await admin.GetFromJsonAsync<HolidayDayResponse[]>("/api/cases/holidays/year/2027");
        // Tết 2027 is 6 February: the last day of the old year (5 February) and mùng 1–4 are proposed.
        Assert.Contains(year!, d => d.Date == new DateOnly(2027, 2, 6) && d.Basis == HolidayBasis.LunarDate && !d.NeedsConfirmation && !d.Configured);
        Assert.Contains(year!, d => d.Date == new DateOnly(2027, 2, 5) && d.NeedsConfirmation);

        var page = await admin.GetStringAsync("/staff/holidays?year=2027");
        Assert.Contains("Ngày nghỉ lễ, tết năm 2027", page);
        Assert.Contains("Đề xuất — cần xác nhận", page);
        var token = PageForms.AntiforgeryToken(page);

        var confirmed = await admin.PostAsync("/staff/holidays/confirm", new FormUrlEncodedContent(
            [new("__af", token), new("year", "2027"), new("dates", "2027-02-06"), new("dates", "2027-04-16")]));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("/staff/holidays?year=2027&days=2&moved=0", confirmed.Headers.Location!.OriginalString);
        var list = await admin.GetFromJsonAsync<HolidayResponse[]>("/api/cases/holidays?year=2027");
        Assert.Equal([new DateOnly(2027, 2, 6), new DateOnly(2027, 4, 16)], list!.Select(h => h.Date));
        Assert.Equal("Giỗ Tổ Hùng Vương (10/3 âm lịch)", list![1].Name);

        var shown = await admin.GetStringAsync(confirmed.Headers.Location!.OriginalString);
        Assert.Contains("Đã cập nhật 2 ngày", shown);
        Assert.Matches(new Regex("data-date=\"2027-02-06\">.*?Đã áp dụng", RegexOptions.Singleline), shown);

        // A day that is not one of the year's proposals is refused, and nothing is stored.
        var stray = await admin.PostAsync("/staff/holidays/confirm", new FormUrlEncodedContent(
            [new("__af", token), new("year", "2027"), new("dates", "2027-03-03")]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stray.StatusCode);
        Assert.Contains("không phải ngày đề xuất", await stray.Content.ReadAsStringAsync());
        Assert.Equal(2, (await admin.GetFromJsonAsync<HolidayResponse[]>("/api/cases/holidays?year=2027"))!.Length);
    }

    [Fact]
    public async Task A_confirmation_without_the_pages_token_is_refused_and_stores_nothing()
    {
        var admin = await _world.Host.ClientAsAsync(DemoUsers.Administrator);
        var forged = await admin.PostAsync("/staff/holidays/confirm", new FormUrlEncodedContent(
            [new("year", "2029"), new("dates", "2029-01-01")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<HolidayResponse[]>("/api/cases/holidays?year=2029"))!);
    }

    [Fact]
    public async Task An_added_day_without_a_name_is_refused_beside_the_field_with_the_date_kept()
    {
        var admin = await _world.Host.ClientAsAsync(DemoUsers.Administrator);
        var token = PageForms.AntiforgeryToken(await admin.GetStringAsync("/staff/holidays?year=2028"));

        var refused = await admin.PostAsync("/staff/holidays/add", new FormUrlEncodedContent(
            [new("__af", token), new("date", "2028-05-02"), new("name", "  ")]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Matches("id=\"add-name-error\">Hãy nhập tên ngày nghỉ.<", html);
        Assert.Matches("name=\"date\"[^>]*value=\"2028-05-02\"", html);
        Assert.Empty((await admin.GetFromJsonAsync<HolidayResponse[]>("/api/cases/holidays?year=2028"))!);

        var added = await admin.PostAsync("/staff/holidays/add", new FormUrlEncodedContent(
            [new("__af", token), new("date", "2028-05-02"), new("name", "Nghỉ hoán đổi")]));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("Nghỉ hoán đổi", Assert.Single((await admin.GetFromJsonAsync<HolidayResponse[]>("/api/cases/holidays?year=2028"))!).Name);
    }

    [Fact]
    public async Task Only_administrators_change_the_calendar()
    {
        var leader = await _world.Host.ClientAsAsync(DemoUsers.WardLeaderA);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/staff/holidays")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PutAsJsonAsync("/api/cases/holidays", new { date = "2026-12-03", name = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.DeleteAsync("/api/cases/holidays/2026-12-03")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/cases/holidays")).StatusCode);
    }

    [Theory]
    [InlineData("/api/cases/holidays?year=33")]
    [InlineData("/api/cases/holidays?year=0")]
    [InlineData("/api/cases/holidays/year/1900")]
    public async Task A_year_outside_the_calendar_is_a_validation_problem(string path)
    {
        var admin = await _world.Host.ClientAsAsync(DemoUsers.Administrator);
        var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private async Task<DateOnly?> AnswerDueAsync(long caseId)
    {
        await using var db = app.NewDbContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.AnswerDueOn).SingleAsync();
    }
}
