using HaiLong.Api.Features.Cases;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

public sealed class CaseJurisdictionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task An_inspector_of_ward_A_sees_neither_ward_B_cases_nor_their_contact()
    {
        await SetUpBoardOfWardAAsync(app);
        var citizen = app.AnonymousClient();
        var codeB = await FileOkAsync(citizen, $"unit={DemoWorld.WardBCode}", Complaint("Khiếu nại ở phường Hưng Phú"));
        var codeA = await FileOkAsync(citizen, $"unit={DemoWorld.WardACode}", Petition());
        var idB = await CaseIdAsync(app, codeB);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);

        var queue = await inspector.GetFromJsonAsync<CaseSummary[]>("/api/cases");
        var detail = await inspector.GetAsync($"/api/cases/{idB}");
        var contact = await inspector.GetAsync($"/api/cases/{idB}/contact");
        var transition = await inspector.PostAsJsonAsync($"/api/cases/{idB}/transitions", new { action = "accept" });
        var page = await inspector.GetAsync($"/staff/cases/{idB}");

        var filtered = await ReadPageAsync(inspector, "/staff/cases?status=&type=Petition&overdue=false");
        Assert.Contains(codeA, filtered);
        Assert.DoesNotContain(codeB, filtered);
        Assert.Contains(queue!, c => c.TrackingCode == codeA);
        Assert.DoesNotContain(queue!, c => c.TrackingCode == codeB);
        Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, contact.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, transition.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var bodies = new[]
        {
            await contact.Content.ReadAsStringAsync(), await detail.Content.ReadAsStringAsync(),
            WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()),
        };
        foreach (var body in bodies)
        {
            Assert.DoesNotContain("0912345678", body);
            Assert.DoesNotContain("Nguyễn Văn An", body);
        }
        await using var db = app.NewDbContext();
        Assert.Equal("Received", await db.Cases.Where(c => c.Id == idB).Select(c => c.Status.ToString()).SingleAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "case.contact-viewed" && a.EntityId == idB.ToString()));
    }

    [Fact]
    public async Task Only_the_board_and_the_handler_see_the_contact_and_every_view_is_audited()
    {
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var code = await FileOkAsync(app.AnonymousClient(), $"unit={DemoWorld.WardACode}", Complaint());
        var id = await CaseIdAsync(app, code);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);

        var byInspector = await inspector.GetFromJsonAsync<ContactResponse>($"/api/cases/{id}/contact");
        var page = await ReadPageAsync(inspector, $"/staff/cases/{id}");
        var byLeader = await leader.GetAsync($"/api/cases/{id}/contact");
        var leaderPage = await ReadPageAsync(leader, $"/staff/cases/{id}");
        var leaderDetail = await leader.GetFromJsonAsync<CaseDetail>($"/api/cases/{id}");

        Assert.Equal("Nguyễn Văn An", byInspector!.Name);
        Assert.Equal("0912345678", byInspector.Phone);
        Assert.Contains("0912345678", page);
        Assert.Equal(HttpStatusCode.Forbidden, byLeader.StatusCode);
        Assert.DoesNotContain("0912345678", await byLeader.Content.ReadAsStringAsync());
        Assert.DoesNotContain("0912345678", leaderPage);
        Assert.False(leaderDetail!.CallerIsHandler);
        await using var db = app.NewDbContext();
        var views = await db.AuditEntries.Where(a => a.Action == "case.contact-viewed" && a.EntityId == id.ToString()).ToListAsync();
        Assert.Equal(2, views.Count);
        Assert.All(views, v => Assert.Equal(inspectorId, v.ActorId));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "case.contact-refused" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task Statistics_of_a_unit_outside_the_jurisdiction_answer_404()
    {
        var wardB = await UnitIdAsync(app, DemoWorld.WardBCode);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);

        var response = await inspector.GetAsync($"/api/cases/statistics?unitId={wardB}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_ward_leader_sets_up_the_board_on_the_staff_page_and_only_inspectors_may_sit_on_it()
    {
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var wardA = await UnitIdAsync(app, DemoWorld.WardACode);
        var inspector = await UserIdAsync(app, DemoUsers.InspectorA);
        var evaluator = await UserIdAsync(app, DemoUsers.EvaluatorA);
        var page = await leader.GetStringAsync("/staff/cases/boards");
        var token = PageForms.AntiforgeryToken(page);

        var saved = await leader.PostAsync($"/staff/cases/boards/{wardA}", new FormUrlEncodedContent(
            [new("__af", token), new("name", "Ban Thanh tra nhân dân phường Cái Răng"), new("memberIds", inspector.ToString())]));
        var refused = await leader.PutAsJsonAsync($"/api/cases/boards/{wardA}", new { name = "Ban", memberIds = new[] { inspector, evaluator } });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var board = await leader.GetFromJsonAsync<BoardResponse>($"/api/cases/boards/{wardA}");
        Assert.Equal([DemoUsers.InspectorA], board!.Members.Select(m => m.UserName));
    }
}
