using System.Text.Json;
using HaiLong.Api.Features.Cases;
using Microsoft.AspNetCore.Mvc;
using static HaiLong.IntegrationTests.Cases.CaseWorld;
using static HaiLong.IntegrationTests.Responses.BurstWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>
/// The People's Inspection Board decides a burst of answers on the open yearly QR: "tính" (Counted) or "loại" (Excluded), stored
/// with who and when, audited; a decision the item cannot take is a ProblemDetails that changes nothing.
/// </summary>
[RunsLong(20)]
public sealed class BurstVerdictTests
{
    private const string MeetingNote = "Họp tổ dân phố số 3 tại nhà văn hóa, dùng chung wifi.";

    [Fact]
    public async Task The_board_counts_one_burst_and_excludes_another_and_both_verdicts_are_stored_and_audited()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var (meeting, script) = await TwoBurstsOfWardAAsync(app);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);

        var queue = await inspector.GetFromJsonAsync<ReviewItemResponse[]>("/api/cases/review-items");
        var counted = await inspector.PostAsJsonAsync($"/api/cases/review-items/{meeting}/reviewed", new { verdict = "Counted", note = MeetingNote });
        var excluded = await inspector.PostAsJsonAsync($"/api/cases/review-items/{script}/reviewed", new { verdict = "Excluded" });
        var twice = await inspector.PostAsJsonAsync($"/api/cases/review-items/{meeting}/reviewed", new { verdict = "Excluded" });
        var open = await inspector.GetFromJsonAsync<ReviewItemResponse[]>("/api/cases/review-items");
        var all = await inspector.GetFromJsonAsync<ReviewItemResponse[]>("/api/cases/review-items?open=false");

        Assert.Equal([(meeting, 6), (script, 5)], queue!.Where(r => r.Kind == ReviewItemKind.ResponseBurst)
            .Select(r => (r.Id, r.HeldResponses!.Value)));
        Assert.All(queue!, r => Assert.Null(r.Verdict));
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        var countedBody = (await counted.Content.ReadFromJsonAsync<ReviewItemResponse>())!;
        Assert.Equal((HeldResponsesVerdict?)HeldResponsesVerdict.Counted, countedBody.Verdict);
        Assert.Equal(6, countedBody.HeldResponses);
        Assert.Equal(MeetingNote, countedBody.ReviewNote);
        Assert.Equal(HttpStatusCode.OK, excluded.StatusCode);
        await AssertProblemAsync(twice, HttpStatusCode.Conflict);
        Assert.DoesNotContain(open!, r => r.Kind == ReviewItemKind.ResponseBurst);
        Assert.Equal([HeldResponsesVerdict.Counted, HeldResponsesVerdict.Excluded],
            all!.Where(r => r.Kind == ReviewItemKind.ResponseBurst).OrderBy(r => r.Id).Select(r => r.Verdict!.Value));

        await using var db = app.NewDbContext();
        var items = await db.ReviewItems.AsNoTracking().Where(r => r.Kind == ReviewItemKind.ResponseBurst).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([HeldResponsesVerdict.Counted, HeldResponsesVerdict.Excluded], items.Select(r => r.Verdict!.Value));
        Assert.All(items, r => Assert.Equal(inspectorId, r.ReviewedBy));
        Assert.All(items, r => Assert.NotNull(r.ReviewedAt));
        Assert.Equal([MeetingNote, null], items.Select(r => r.ReviewNote));
        // The verdict decides whether the answers count; they stay held by their item either way.
        Assert.Equal(11, await db.Responses.CountAsync(r => r.HeldByReviewItemId == meeting || r.HeldByReviewItemId == script));
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "review-item.burst-decided").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([meeting.ToString(), script.ToString()], audit.Select(a => a.EntityId));
        Assert.All(audit, a => Assert.Equal(inspectorId, a.ActorId));
        var details = audit.Select(a => JsonDocument.Parse(a.Details!).RootElement).ToList();
        Assert.Equal(["Counted", "Excluded"], details.Select(d => d.GetProperty("verdict").GetString()));
        Assert.Equal([6, 5], details.Select(d => d.GetProperty("heldResponses").GetInt32()));
        Assert.Equal(MeetingNote, details[0].GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_burst_takes_only_a_verdict_and_only_a_burst_takes_one()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        await SetUpBoardOfWardAAsync(app);
        var (burst, _) = await TwoBurstsOfWardAAsync(app);
        var alert = await AlertAsync(app, DemoWorld.WardACode);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        int casesBefore;
        await using (var before = app.NewDbContext()) casesBefore = await before.Cases.CountAsync();

        var noVerdict = await inspector.PostAsJsonAsync($"/api/cases/review-items/{burst}/reviewed", new { note = "Đã xem" });
        var caseFromBurst = await inspector.PostAsJsonAsync($"/api/cases/review-items/{burst}/case", new { type = "Petition" });
        var verdictOnAlert = await inspector.PostAsJsonAsync($"/api/cases/review-items/{alert}/reviewed", new { verdict = "Counted" });
        var unknownVerdict = await inspector.PostAsJsonAsync($"/api/cases/review-items/{burst}/reviewed", new { verdict = "Maybe" });
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var notOnTheBoard = await leader.PostAsJsonAsync($"/api/cases/review-items/{burst}/reviewed", new { verdict = "Counted" });

        await AssertProblemAsync(noVerdict, HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(caseFromBurst, HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(verdictOnAlert, HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(unknownVerdict, HttpStatusCode.BadRequest);
        await AssertProblemAsync(notOnTheBoard, HttpStatusCode.Forbidden);
        await using var db = app.NewDbContext();
        Assert.False(await db.ReviewItems.AnyAsync(r => (r.Id == burst || r.Id == alert) && (r.ReviewedAt != null || r.Verdict != null || r.CaseId != null)));
        Assert.Equal(casesBefore, await db.Cases.CountAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action.StartsWith("review-item.")));
    }

    [Fact]
    public async Task A_board_member_of_another_ward_gets_404_for_its_burst_on_the_api_and_the_page()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        await SetUpBoardOfWardAAsync(app);
        var qrB = await IssueYearlyQrAsync(app, DemoWorld.WardBCode);
        await AnswerAsync(app, qrB, Morning, [0, 1, 2, 3, 4], address: "203.0.113.9");
        app.Clock.SetUtcNow(Morning.AddMinutes(6).ToUniversalTime());
        Assert.Equal(1, await RunJobAsync(app));
        var burstB = Assert.Single(await BurstsAsync(app)).Id;
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        var pages = await app.CookieClientAsync(DemoUsers.InspectorA);

        var api = await inspector.PostAsJsonAsync($"/api/cases/review-items/{burstB}/reviewed", new { verdict = "Excluded" });
        var list = await inspector.GetFromJsonAsync<ReviewItemResponse[]>("/api/cases/review-items?open=false");
        var queuePage = await pages.GetStringAsync("/staff/cases");
        var page = await pages.PostAsync($"/staff/cases/review-items/{burstB}/reviewed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = PageForms.AntiforgeryToken(queuePage), ["verdict"] = "Excluded", ["note"] = new string('x', 2001),
        }));

        await AssertProblemAsync(api, HttpStatusCode.NotFound);
        Assert.DoesNotContain(list!, r => r.Id == burstB);
        Assert.DoesNotContain($"burst-{burstB}", queuePage);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Null((await db.ReviewItems.SingleAsync(r => r.Id == burstB)).Verdict);
    }

    [Fact]
    public async Task The_queue_page_shows_a_burst_keeps_a_refused_note_and_takes_the_verdict()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        await SetUpBoardOfWardAAsync(app);
        var (burst, _) = await TwoBurstsOfWardAAsync(app);
        var pages = await app.CookieClientAsync(DemoUsers.InspectorA);
        var queue = WebUtility.HtmlDecode(await pages.GetStringAsync("/staff/cases"));
        var tooLong = "Họp tổ dân phố " + new string('x', 2000);

        var refused = await pages.PostAsync($"/staff/cases/review-items/{burst}/reviewed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = PageForms.AntiforgeryToken(queue), ["verdict"] = "Excluded", ["note"] = tooLong,
        }));
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var decided = await pages.PostAsync($"/staff/cases/review-items/{burst}/reviewed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = PageForms.AntiforgeryToken(queue), ["verdict"] = "Excluded", ["note"] = MeetingNote,
        }));

        Assert.Contains("Phiếu dồn dập chờ Ban quyết định", queue);
        Assert.Contains("6 phiếu khảo sát hằng năm qua mã QR công khai được gửi từ cùng một địa chỉ mạng", queue);
        Assert.Contains("6 phiếu đang chờ quyết định", queue);
        Assert.Contains("Tính các phiếu", queue);
        Assert.Contains("Loại các phiếu", queue);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Ghi chú dài quá 2000 ký tự", refusedPage);
        Assert.Contains(tooLong, refusedPage);
        Assert.Contains($"aria-describedby=\"burst-note-{burst}-error\"", refusedPage);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        await using var db = app.NewDbContext();
        var item = await db.ReviewItems.SingleAsync(r => r.Id == burst);
        Assert.Equal(HeldResponsesVerdict.Excluded, item.Verdict);
        Assert.Equal(MeetingNote, item.ReviewNote);
        Assert.DoesNotContain($"id=\"burst-{burst}\"", await pages.GetStringAsync("/staff/cases"));
    }

    /// <summary>Ward A's yearly QR with a meeting's six answers on one wifi and, later, five from a second address; flagged.</summary>
    internal static async Task<(long Meeting, long Script)> TwoBurstsOfWardAAsync(HaiLongApp app, HttpClient? admin = null)
    {
        var qr = await IssueYearlyQrAsync(app, admin: admin);
        await AnswerAsync(app, qr, Morning, [0, 1, 2, 3, 4, 5], address: "203.0.113.7");
        await AnswerAsync(app, qr, Morning, [30, 30.5, 31, 31.5, 32], address: "198.51.100.20");
        app.Clock.SetUtcNow(Morning.AddMinutes(40).ToUniversalTime());
        Assert.Equal(2, await RunJobAsync(app));
        var items = await BurstsAsync(app);
        return (items[0].Id, items[1].Id);
    }

    private static async Task<long> AlertAsync(HaiLongApp app, string wardCode)
    {
        var unit = await UnitIdAsync(app, wardCode);
        await using var db = app.NewDbContext();
        var item = new ReviewItem
        {
            Kind = ReviewItemKind.LowScoreAlert, UnitId = unit, SubjectKind = SubjectKind.Unit, SubjectId = unit,
            Summary = "Phường dưới ngưỡng hài lòng", DedupKey = $"burst-test-alert:{unit}", CreatedAt = app.Clock.GetUtcNow(),
        };
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(await response.Content.ReadFromJsonAsync<ProblemDetails>());
    }
}
