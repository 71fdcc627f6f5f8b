using HaiLong.Api.Features.Cases;
using Microsoft.AspNetCore.Mvc;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

public sealed class CaseWorkflowTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private async Task<(HttpClient Inspector, Guid InspectorId, long Id, string Code)> FiledAsync(Dictionary<string, string> fields)
    {
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var code = await FileOkAsync(app.AnonymousClient(), $"unit={DemoWorld.WardACode}", fields);
        return (await app.ClientAsAsync(DemoUsers.InspectorA), inspectorId, await CaseIdAsync(app, code), code);
    }

    [Fact]
    public async Task A_case_goes_from_received_to_closed_and_every_transition_is_an_event()
    {
        var (inspector, inspectorId, id, _) = await FiledAsync(Complaint());

        var accepted = await TransitionAsync(inspector, id, new { action = "accept", complex = true });
        await TransitionAsync(inspector, id, new { action = "assign", assigneeId = inspectorId });
        await TransitionAsync(inspector, id, new { action = "start" });
        await TransitionAsync(inspector, id, new { action = "answer", answer = "Đã xem xét và cấp giấy xác nhận.", publish = true });
        var closed = await TransitionAsync(inspector, id, new { action = "close" });

        Assert.NotNull(accepted.AcceptDueOn);
        Assert.NotNull(accepted.AnswerDueOn);
        Assert.Equal(CaseStatus.Closed, closed.Status);
        Assert.Equal(["filed", "accepted", "assigned", "started", "answered", "closed"], closed.Events.Select(e => e.Action));
        Assert.All(closed.Events.Skip(1), e => Assert.Equal(inspectorId, e.ActorId));
        await using var db = app.NewDbContext();
        // The case is audited automatically besides its own history.
        Assert.True(await db.AuditEntries.CountAsync(a => a.EntityType == "Case" && a.EntityId == id.ToString() && a.Action == "Case.updated") >= 5);
    }

    [Fact]
    public async Task An_illegal_transition_is_a_409_with_a_clear_message_and_changes_nothing()
    {
        var (inspector, _, id, _) = await FiledAsync(Petition());

        var response = await inspector.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "answer", answer = "Trả lời" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("Không thể trả lời (answer) hồ sơ đang ở trạng thái «Đã tiếp nhận»", problem!.Detail);
        await using var db = app.NewDbContext();
        var c = await db.Cases.Include(x => x.Events).SingleAsync(x => x.Id == id);
        Assert.Equal(CaseStatus.Received, c.Status);
        Assert.Single(c.Events);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_an_assignee_must_be_on_the_board()
    {
        var (inspector, _, id, code) = await FiledAsync(Petition());
        var leaderId = await UserIdAsync(app, DemoUsers.WardLeaderA);

        var noReason = await inspector.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "reject" });
        await TransitionAsync(inspector, id, new { action = "accept" });
        var outsider = await inspector.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "assign", assigneeId = leaderId });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outsider.StatusCode);
        Assert.Contains("thành viên Ban Thanh tra nhân dân", (await outsider.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        var (other, _, otherId, otherCode) = await FiledAsync(Petition("Đơn thứ hai"));
        var rejected = await TransitionAsync(other, otherId, new { action = "reject", note = "Không thuộc thẩm quyền của phường." });
        Assert.Equal(CaseStatus.Rejected, rejected.Status);
        Assert.Contains("Không thuộc thẩm quyền của phường.", await ReadPageAsync(app.AnonymousClient(), $"/c/{otherCode}"));
        Assert.NotEqual(code, otherCode);
    }

    [Fact]
    public async Task A_ward_leader_who_is_not_on_the_board_cannot_act()
    {
        var (_, _, id, _) = await FiledAsync(Petition());
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);

        var response = await leader.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "accept" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unhappy_filer_reopens_the_case_and_a_happy_one_closes_it()
    {
        var (inspector, inspectorId, id, code) = await FiledAsync(Petition());
        await AnswerCaseAsync(inspector, id, inspectorId, "Đã sửa đèn đường.");
        var citizen = app.AnonymousClient();

        var page = await ReadPageAsync(citizen, $"/c/{code}");
        Assert.Contains("Ông/bà có hài lòng với cách giải quyết không?", page);
        Assert.Contains("Đã sửa đèn đường.", page);
        var unhappy = await PostFeedbackAsync(citizen, code, page, "no", "Đèn vẫn chưa sáng.");

        Assert.True(unhappy.StatusCode == HttpStatusCode.OK, await unhappy.Content.ReadAsStringAsync());
        var reopened = await inspector.GetFromJsonAsync<CaseDetail>($"/api/cases/{id}");
        Assert.Equal(CaseStatus.Assigned, reopened!.Status);
        Assert.Equal(1, reopened.ReopenCount);
        Assert.Equal("reopened-by-citizen", reopened.Events[^1].Action);
        Assert.Equal("Đèn vẫn chưa sáng.", reopened.Events[^1].Note);
        var again = await PostFeedbackAsync(citizen, code, page, "no", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        await TransitionAsync(inspector, id, new { action = "answer", answer = "Đã thay bóng đèn mới.", publish = true });
        var page2 = await ReadPageAsync(citizen, $"/c/{code}");
        var happy = await PostFeedbackAsync(citizen, code, page2, "yes", null);
        Assert.True(happy.StatusCode == HttpStatusCode.OK, await happy.Content.ReadAsStringAsync());
        var closed = await inspector.GetFromJsonAsync<CaseDetail>($"/api/cases/{id}");
        Assert.Equal(CaseStatus.Closed, closed!.Status);
        Assert.True(closed.CitizenSatisfied);
    }

    [Fact]
    public async Task The_board_works_review_items_marking_them_reviewed_or_opening_a_case()
    {
        await SetUpBoardOfWardAAsync(app);
        var wardA = await UnitIdAsync(app, DemoWorld.WardACode);
        var wardB = await UnitIdAsync(app, DemoWorld.WardBCode);
        long itemA1, itemA2, itemB;
        await using (var db = app.NewDbContext())
        {
            var now = app.Clock.GetUtcNow();
            var items = new[]
            {
                new ReviewItem { Kind = ReviewItemKind.LowScoreComment, UnitId = wardA, SubjectKind = SubjectKind.Unit, SubjectId = wardA,
                    Summary = "Chờ 3 tiếng", DedupKey = "t-a1", CreatedAt = now },
                new ReviewItem { Kind = ReviewItemKind.LowScoreAlert, UnitId = wardA, SubjectKind = SubjectKind.Unit, SubjectId = wardA,
                    Summary = "Điểm thấp tháng 10", DedupKey = "t-a2", CreatedAt = now },
                new ReviewItem { Kind = ReviewItemKind.LowScoreComment, UnitId = wardB, SubjectKind = SubjectKind.Unit, SubjectId = wardB,
                    Summary = "Phường B", DedupKey = "t-b", CreatedAt = now },
            };
            db.ReviewItems.AddRange(items);
            await db.SaveChangesAsync();
            (itemA1, itemA2, itemB) = (items[0].Id, items[1].Id, items[2].Id);
        }
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);

        var queue = await inspector.GetFromJsonAsync<ReviewItemResponse[]>("/api/cases/review-items");
        var reviewed = await inspector.PostAsJsonAsync($"/api/cases/review-items/{itemA1}/reviewed", new { note = "Đã nhắc nhở bộ phận một cửa" });
        var twice = await inspector.PostAsJsonAsync($"/api/cases/review-items/{itemA1}/reviewed", new { note = "" });
        var opened = await inspector.PostAsJsonAsync($"/api/cases/review-items/{itemA2}/case", new { type = "Reflection", note = "Cần làm rõ" });
        var outside = await inspector.PostAsJsonAsync($"/api/cases/review-items/{itemB}/reviewed", new { note = "" });

        Assert.Equal([itemA1, itemA2], queue!.Select(i => i.Id).Order());
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        var created = await opened.Content.ReadFromJsonAsync<CaseDetail>();
        Assert.Equal(CaseType.Reflection, created!.Type);
        Assert.Equal("review", created.Channel);
        await using var check = app.NewDbContext();
        Assert.Equal(created.Id, await check.ReviewItems.Where(r => r.Id == itemA2).Select(r => r.CaseId).SingleAsync());
        Assert.Empty(await inspector.GetFromJsonAsync<ReviewItemResponse[]>("/api/cases/review-items") ?? []);
    }

    [Fact]
    public async Task The_staff_page_shows_an_illegal_transition_as_a_409_with_the_message()
    {
        var (inspector, _, id, _) = await FiledAsync(Petition());
        var page = await inspector.GetStringAsync($"/staff/cases/{id}");
        var token = PageForms.AntiforgeryToken(page);

        var response = await inspector.PostAsync($"/staff/cases/{id}/transitions",
            new FormUrlEncodedContent([new("__af", token), new("action", "close")]));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Không thể kết thúc (close) hồ sơ đang ở trạng thái «Đã tiếp nhận»", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
