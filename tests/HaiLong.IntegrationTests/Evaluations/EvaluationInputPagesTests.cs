using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>The forms for targets, dossier figures and notes, posted as a browser would: what they refuse and what they keep.</summary>
public sealed partial class EvaluationInputPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>A computed ward-A cycle; each test takes its own year, as the class's tests share one database.</summary>
    private async Task<(long Id, int LeaderId, int WardId)> ComputedWardACycleAsync(int year, Func<long, Task>? beforeCompute = null)
    {
        var leaderId = (await OfficialIdsAsync(app))["CR-002"];
        await AddRollupsAsync(app, Year(SubjectKind.Official, leaderId, 80, 74, year));
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        var wardId = await UnitIdAsync(app, WardA);
        var id = await CreateCycleAsync(evaluator, wardId, year);
        if (beforeCompute is not null) await beforeCompute(id);
        Assert.Equal(HttpStatusCode.Accepted, (await evaluator.PostAsync($"/api/evaluations/{id}/compute", null)).StatusCode);
        await RunJobAsync(app, id);
        return (id, leaderId, wardId);
    }

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return PageForms.AntiforgeryToken(html);
    }

    /// <summary>The page's text as a reader sees it: Html.E writes Vietnamese letters as character references.</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? token, params (string Name, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Name, f => f.Value);
        if (token is not null) form["__af"] = token;
        return client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private async Task AddTargetAsync(long cycleId, int unitId, string title)
    {
        await using var db = app.NewDbContext();
        db.EvaluationTargets.Add(new EvaluationTarget { CycleId = cycleId, UnitId = unitId, Title = title, TargetValue = 10 });
        await db.SaveChangesAsync();
    }

    private async Task<(int Targets, int Figures, int Notes)> StoredAsync(long id)
    {
        await using var db = app.NewDbContext();
        return (await db.EvaluationTargets.CountAsync(t => t.CycleId == id), await db.EvaluationDossierFigures.CountAsync(f => f.CycleId == id),
            await db.EvaluationResults.CountAsync(r => r.CycleId == id && r.Note != null));
    }

    [Fact]
    public async Task A_valid_form_stores_the_input_and_audits_it_as_the_API_does()
    {
        var (id, leaderId, wardId) = await ComputedWardACycleAsync(2024);
        var client = await app.CookieClientAsync(DemoUsers.EvaluatorA);
        var token = await TokenAsync(client, $"/staff/evaluations/{id}");

        var added = await PostAsync(client, $"/staff/evaluations/{id}/targets", token, ("unitId", wardId.ToString()),
            ("title", "Tỷ lệ hồ sơ trực tuyến"), ("targetValue", "80"), ("achievedValue", "62,5"), ("evidence", ""));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await using var db = app.NewDbContext();
        var target = await db.EvaluationTargets.SingleAsync(t => t.CycleId == id);
        Assert.Equal((80m, 62.5m, (string?)null), (target.TargetValue, target.AchievedValue, target.Evidence));

        var updated =
            await PostAsync(client, $"/staff/evaluations/{id}/targets/{target.Id}", token, ("achievedValue", "80"), ("evidence", "Báo cáo 12/BC-UBND"));
        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
        var figures = await PostAsync(client, $"/staff/evaluations/{id}/dossier-figures/{wardId}", token,
            ("dossiersTotal", "1200"), ("dossiersOverdue", "30"), ("source", "Hệ thống một cửa tỉnh"));
        Assert.Equal(HttpStatusCode.Redirect, figures.StatusCode);
        var replaced = await PostAsync(client, $"/staff/evaluations/{id}/dossier-figures/{wardId}", token,
            ("dossiersTotal", "1250"), ("dossiersOverdue", "31"), ("source", "Hệ thống một cửa tỉnh, bản chốt"));
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        var note = await PostAsync(client, $"/staff/evaluations/{id}/sheets/{leaderId}/note", token, ("note", "Đề nghị giữ mức đề xuất"));
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);
        Assert.Equal($"/staff/evaluations/{id}/sheets/{leaderId}", note.Headers.Location?.OriginalString);

        var evaluatorId = await db.Users.Where(u => u.UserName == DemoUsers.EvaluatorA).Select(u => u.Id).SingleAsync();
        var stored = await db.EvaluationTargets.AsNoTracking().SingleAsync(t => t.CycleId == id);
        Assert.Equal((80m, "Báo cáo 12/BC-UBND"), (stored.AchievedValue, stored.Evidence));
        var f = await db.EvaluationDossierFigures.AsNoTracking().SingleAsync(x => x.CycleId == id);
        Assert.Equal((1250, 31, "Hệ thống một cửa tỉnh, bản chốt"), (f.DossiersTotal, f.DossiersOverdue, f.Source));
        var result = await db.EvaluationResults.AsNoTracking().SingleAsync(r => r.CycleId == id && r.OfficialId == leaderId);
        Assert.Equal("Đề nghị giữ mức đề xuất", result.Note);
        Assert.Equal(evaluatorId, result.NotedBy);

        var audited = await db.AuditEntries.Where(a => a.ActorId == evaluatorId).ToListAsync();
        Assert.Equal(2, audited.Count(a => a.EntityType == nameof(EvaluationTarget) && a.EntityId == target.Id.ToString()));
        Assert.Equal(2, audited.Count(a => a.EntityType == nameof(EvaluationDossierFigures) && a.Details!.Contains("Hệ thống một cửa tỉnh")));
        Assert.Contains(audited, a => a.Action == "EvaluationResult.updated" && a.EntityId == result.Id.ToString()
            && a.Details!.Contains("Đề nghị giữ mức đề xuất"));
        Assert.Contains(audited, a => a.Action == "evaluation.annotated" && a.EntityId == result.Id.ToString());

        // The page shows what was entered; citizen-facing or not, stored text is escaped.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/evaluations/{id}"));
        Assert.Contains("Tỷ lệ hồ sơ trực tuyến", page);
        Assert.Contains("100,0%", page);
        Assert.Contains("Hệ thống một cửa tỉnh, bản chốt", page);
        Assert.Contains("value=\"1250\"", page);
    }

    [Fact]
    public async Task A_bad_input_shows_the_form_again_with_a_Vietnamese_message_and_stores_nothing()
    {
        var (id, leaderId, wardId) = await ComputedWardACycleAsync(2025);
        var client = await app.CookieClientAsync(DemoUsers.EvaluatorA);
        var token = await TokenAsync(client, $"/staff/evaluations/{id}");

        var noTitle = await PostAsync(client, $"/staff/evaluations/{id}/targets", token, ("unitId", wardId.ToString()),
            ("title", "  "), ("targetValue", "80"), ("achievedValue", ""), ("evidence", "<script>alert(1)</script>"));
        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        var html = await noTitle.Content.ReadAsStringAsync();
        Assert.Contains("Tên chỉ tiêu: bắt buộc phải nhập.", WebUtility.HtmlDecode(html));
        Assert.Contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);

        var notANumber = await PostAsync(client, $"/staff/evaluations/{id}/targets", token, ("unitId", wardId.ToString()),
            ("title", "Chỉ tiêu"), ("targetValue", "tám mươi"), ("achievedValue", ""), ("evidence", ""));
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Contains("Giá trị mục tiêu: hãy nhập một số", await TextAsync(notANumber));

        var outOfRange = await PostAsync(client, $"/staff/evaluations/{id}/targets", token, ("unitId", wardId.ToString()),
            ("title", "Chỉ tiêu"), ("targetValue", "-1"), ("achievedValue", ""), ("evidence", ""));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("Giá trị mục tiêu: phải từ 0 đến", await TextAsync(outOfRange));

        var moreOverdue = await PostAsync(client, $"/staff/evaluations/{id}/dossier-figures/{wardId}", token,
            ("dossiersTotal", "10"), ("dossiersOverdue", "11"), ("source", "Hệ thống một cửa tỉnh"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moreOverdue.StatusCode);
        html = await TextAsync(moreOverdue);
        Assert.Contains("Số hồ sơ quá hạn không thể lớn hơn tổng số hồ sơ.", html);
        Assert.Contains("value=\"11\"", html);

        var noSource = await PostAsync(client, $"/staff/evaluations/{id}/dossier-figures/{wardId}", token,
            ("dossiersTotal", "10"), ("dossiersOverdue", "1"), ("source", ""));
        Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);
        Assert.Contains("Nguồn số liệu: bắt buộc phải nhập.", await TextAsync(noSource));

        var longNote = await PostAsync(client, $"/staff/evaluations/{id}/sheets/{leaderId}/note", token, ("note", new string('x', 2001)));
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Contains("Ý kiến của người đánh giá: dài tối đa 2000 ký tự.", await TextAsync(longNote));

        Assert.Equal((0, 0, 0), await StoredAsync(id));
    }

    [Fact]
    public async Task A_frozen_cycle_shows_no_forms_and_refuses_every_post_with_409()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var (id, leaderId, wardId) = await ComputedWardACycleAsync(2026, cycleId => AddTargetAsync(cycleId, wardA, "Chỉ tiêu trước khi khóa"));
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        Assert.Equal(HttpStatusCode.OK, (await evaluator.PostAsync($"/api/evaluations/{id}/freeze", null)).StatusCode);
        await using var check = app.NewDbContext();
        var targetId = await check.EvaluationTargets.Where(t => t.CycleId == id).Select(t => t.Id).SingleAsync();

        var client = await app.CookieClientAsync(DemoUsers.EvaluatorA);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/evaluations/{id}"));
        Assert.DoesNotContain($"action=\"/staff/evaluations/{id}/targets", page);
        Assert.DoesNotContain($"action=\"/staff/evaluations/{id}/dossier-figures", page);
        Assert.Contains("Kỳ đã khóa: không thể thêm hay sửa chỉ tiêu.", page);
        var sheet = await client.GetStringAsync($"/staff/evaluations/{id}/sheets/{leaderId}");
        Assert.DoesNotContain("/note\"", sheet);
        var token = await TokenAsync(client, $"/staff/evaluations/{id}");

        foreach (var response in new[]
                 {
                     await PostAsync(client, $"/staff/evaluations/{id}/targets", token, ("unitId", wardId.ToString()), ("title", "Mới"), ("targetValue", "5")),
                     await PostAsync(client, $"/staff/evaluations/{id}/targets/{targetId}", token, ("achievedValue", "10")),
                     await PostAsync(client, $"/staff/evaluations/{id}/dossier-figures/{wardId}", token,
                         ("dossiersTotal", "10"), ("dossiersOverdue", "1"), ("source", "Hệ thống một cửa tỉnh")),
                     await PostAsync(client, $"/staff/evaluations/{id}/sheets/{leaderId}/note", token, ("note", "Muộn")),
                     // Even a bad input is answered by the freeze first: nothing about this cycle can change.
                     await PostAsync(client, $"/staff/evaluations/{id}/targets", token, ("title", "")),
                 })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("đã khóa", await TextAsync(response));
        }
        Assert.Equal((1, 0, 0), await StoredAsync(id));
        Assert.Null((await check.EvaluationTargets.AsNoTracking().SingleAsync(t => t.Id == targetId)).AchievedValue);
    }

    [Fact]
    public async Task An_evaluator_of_another_ward_gets_404_and_changes_nothing()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var (id, leaderId, wardId) = await ComputedWardACycleAsync(2027, cycleId => AddTargetAsync(cycleId, wardA, "Chỉ tiêu phường A"));
        await using var check = app.NewDbContext();
        var targetId = await check.EvaluationTargets.Where(t => t.CycleId == id).Select(t => t.Id).SingleAsync();
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var created = await admin.PostAsJsonAsync("/api/users", new
        {
            userName = "danhgia.hungphu.trang", fullName = "Cán bộ đánh giá phường Hưng Phú", password = "HungPhu@2026!",
            role = Roles.Evaluator, jurisdictionUnitId = await UnitIdAsync(app, WardB),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var other = await app.CookieClientAsync("danhgia.hungphu.trang", "HungPhu@2026!");
        var token = await TokenAsync(other, "/staff/evaluations");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/staff/evaluations/{id}")).StatusCode);

        foreach (var response in new[]
                 {
                     await PostAsync(other, $"/staff/evaluations/{id}/targets", token, ("unitId", wardId.ToString()), ("title", "Lạ"), ("targetValue", "5")),
                     await PostAsync(other, $"/staff/evaluations/{id}/targets/{targetId}", token, ("achievedValue", "10")),
                     await PostAsync(other, $"/staff/evaluations/{id}/dossier-figures/{wardId}", token,
                         ("dossiersTotal", "10"), ("dossiersOverdue", "1"), ("source", "Hệ thống một cửa tỉnh")),
                     await PostAsync(other, $"/staff/evaluations/{id}/sheets/{leaderId}/note", token, ("note", "Lạ")),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Không tìm thấy", await TextAsync(response));
        }
        Assert.Equal((1, 0, 0), await StoredAsync(id));
        Assert.Null((await check.EvaluationTargets.AsNoTracking().SingleAsync(t => t.Id == targetId)).AchievedValue);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_with_400()
    {
        var (id, leaderId, wardId) = await ComputedWardACycleAsync(2028);
        var client = await app.CookieClientAsync(DemoUsers.EvaluatorA);
        await client.GetStringAsync($"/staff/evaluations/{id}");

        foreach (var response in new[]
                 {
                     await PostAsync(client, $"/staff/evaluations/{id}/targets", null, ("unitId", wardId.ToString()),
                         ("title", "Chỉ tiêu"), ("targetValue", "5")),
                     await PostAsync(client, $"/staff/evaluations/{id}/dossier-figures/{wardId}", null,
                         ("dossiersTotal", "10"), ("dossiersOverdue", "1"), ("source", "Hệ thống một cửa tỉnh")),
                     await PostAsync(client, $"/staff/evaluations/{id}/sheets/{leaderId}/note", null, ("note", "Không có mã")),
                     await PostAsync(client, $"/staff/evaluations/{id}/sheets/{leaderId}/note", "giả-mạo", ("note", "Mã giả")),
                 })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Yêu cầu không hợp lệ", await TextAsync(response));
        }
        Assert.Equal((0, 0, 0), await StoredAsync(id));
    }

}
