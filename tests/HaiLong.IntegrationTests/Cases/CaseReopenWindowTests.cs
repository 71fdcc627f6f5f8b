using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Holidays;
using Microsoft.Extensions.Options;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>
/// The filer may say "không hài lòng" on a closed case until the reopening window (30 days after the answer) ends, which
/// reopens it; one tick later they are told it is too late, nothing changes and what they typed stays on the page.
/// </summary>
public sealed class CaseReopenWindowTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly MovedClockCases _world = new(app);

    [Fact]
    public async Task A_closed_case_reopens_at_the_windows_last_moment_and_one_tick_later_nothing_changes_and_the_comment_is_kept()
    {
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var inspector = await _world.Host.ClientAsInspectorAsync();
        var inTime = await _world.FileAsync(Petition("Rác ở chợ Yên Bình chưa được thu gom."));
        var tooLate = await _world.FileAsync(Petition("Cống thoát nước tổ 3 bị tắc."));
        var changedMind = await _world.FileAsync(Petition("Biển báo giao thông bị che khuất."));
        foreach (var id in new[] { inTime, tooLate, changedMind }) await AnswerCaseAsync(inspector, id, inspectorId, "Đã xử lý xong.");
        // The board closes two answered cases before their filers said anything; the third filer closes it as satisfied.
        await TransitionAsync(inspector, inTime, new { action = "close" });
        await TransitionAsync(inspector, tooLate, new { action = "close" });
        var citizen = _world.Host.CreateClient(new() { AllowAutoRedirect = false });
        citizen.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var inTimeCode = await TrackingCodeAsync(app, inTime);
        var tooLateCode = await TrackingCodeAsync(app, tooLate);
        var changedMindCode = await TrackingCodeAsync(app, changedMind);
        var first = await ReadPageAsync(citizen, $"/c/{changedMindCode}");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFeedbackAsync(citizen, changedMindCode, first, "yes", null)).StatusCode);

        // The window's last moment: answered at the start, 30 days later to the tick.
        var windowEnds = MovedClockCases.Start.AddDays(30);
        _world.MoveTo(windowEnds);
        var page = await ReadPageAsync(citizen, $"/c/{inTimeCode}");
        Assert.Contains("Đơn đã kết thúc. Nếu ông/bà chưa hài lòng với kết quả giải quyết, có thể đề nghị xem xét lại.", page);
        Assert.Contains("Ông/bà có thể cho biết ý kiến đến 25/12/2026 09:00.", page);
        var latePage = await ReadPageAsync(citizen, $"/c/{tooLateCode}");
        // A filer who said "hài lòng" may still object within the window, and only object.
        var satisfiedPage = await ReadPageAsync(citizen, $"/c/{changedMindCode}");
        Assert.Contains("value=\"no\"", satisfiedPage);
        Assert.DoesNotContain("value=\"yes\"", satisfiedPage);
        Assert.Equal(HttpStatusCode.Conflict, (await PostFeedbackAsync(citizen, changedMindCode, satisfiedPage, "yes", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFeedbackAsync(citizen, changedMindCode, satisfiedPage, "no", "Biển vẫn bị che.")).StatusCode);
        var auditBefore = await AuditCountAsync(inTime);

        var reopened = await PostFeedbackAsync(citizen, inTimeCode, page, "no", "Rác vẫn còn nguyên.");

        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        var confirmation = await ReadPageAsync(citizen, reopened.Headers.Location!.ToString());
        Assert.Contains("Cảm ơn ông/bà đã cho biết ý kiến: Không hài lòng.", confirmation);
        await using (var db = app.NewDbContext())
        {
            var c = await db.Cases.Include(x => x.Events).SingleAsync(x => x.Id == inTime);
            await using var scope = _world.Host.Services.CreateAsyncScope();
            var holidays = await scope.ServiceProvider.GetRequiredService<HolidaySet>().SetAsync(CancellationToken.None);
            var options = scope.ServiceProvider.GetRequiredService<IOptions<CaseOptions>>().Value;
            // The reopening rule's fresh answer period, counted from the day the filer reopened it.
            var due = CaseDeadlines.AnswerDue(CaseType.Petition, new DateOnly(2026, 12, 25), false, false, options, holidays);
            Assert.Equal((CaseStatus.Assigned, 1, (bool?)false, (DateOnly?)due), (c.Status, c.ReopenCount, c.CitizenSatisfied, c.AnswerDueOn));
            Assert.Null(c.AnsweredAt);
            var last = c.Events.OrderBy(e => e.Id).Last();
            Assert.Equal(("reopened-by-citizen", (CaseStatus?)CaseStatus.Closed, CaseStatus.Assigned, "Rác vẫn còn nguyên."),
                (last.Action, last.FromStatus, last.ToStatus, last.Note));
            Assert.Null(last.ActorId);
            Assert.Contains($"Hạn giải quyết mới: {due:dd/MM/yyyy}", confirmation);
            Assert.Equal(CaseStatus.Assigned, await db.Cases.Where(x => x.Id == changedMind).Select(x => x.Status).SingleAsync());
        }
        Assert.True(await AuditCountAsync(inTime) > auditBefore, "the reopening is in the audit log");

        // One tick after the window: the filer who opened the page in time is told, and nothing changes.
        _world.MoveTo(windowEnds.AddTicks(1));
        var eventsBefore = await EventCountAsync(tooLate);
        auditBefore = await AuditCountAsync(tooLate);

        var refused = await PostFeedbackAsync(citizen, tooLateCode, latePage, "no", "Cống vẫn tắc, nước tràn vào nhà.");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var body = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Đã quá thời hạn 30 ngày kể từ ngày trả lời (hết hạn lúc 25/12/2026 09:00) nên không thể mở lại đơn này.", body);
        Assert.Contains("Cống vẫn tắc, nước tràn vào nhà.", body);
        Assert.DoesNotContain("id=\"feedback\"", body);
        Assert.Equal(eventsBefore, await EventCountAsync(tooLate));
        Assert.Equal(auditBefore, await AuditCountAsync(tooLate));
        await using (var db = app.NewDbContext())
        {
            var c = await db.Cases.SingleAsync(x => x.Id == tooLate);
            Assert.Equal((CaseStatus.Closed, 0, (bool?)null), (c.Status, c.ReopenCount, c.CitizenSatisfied));
        }
        // A client that does not ask for a page gets the same words as a ProblemDetails.
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/c/{tooLateCode}/feedback")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__af"] = WebUtility.HtmlDecode(PageForms.AntiforgeryToken(latePage)), ["satisfied"] = "no", ["comment"] = "Cống vẫn tắc.",
            }),
        };
        post.Headers.Accept.ParseAdd("application/json");
        var problem = await citizen.SendAsync(post);
        Assert.Equal(HttpStatusCode.Conflict, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        var detail = (await problem.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail;
        Assert.Contains("Đã quá thời hạn 30 ngày", detail);
        Assert.Equal(eventsBefore, await EventCountAsync(tooLate));
    }

    private async Task<int> EventCountAsync(long id)
    {
        await using var db = app.NewDbContext();
        return await db.CaseEvents.CountAsync(e => e.CaseId == id);
    }

    private async Task<int> AuditCountAsync(long id)
    {
        await using var db = app.NewDbContext();
        return await db.AuditEntries.CountAsync(a => a.EntityType == "Case" && a.EntityId == id.ToString());
    }
}
