using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>
/// Starting, computing and freezing cycles from the pages, posted as a browser would: what the forms refuse, what they keep,
/// and that a refusal changes nothing. Each test takes its own years (from 2030), as the class's tests share one database.
/// </summary>
public sealed partial class EvaluationCyclePagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        PageForms.AntiforgeryToken(await client.GetStringAsync(page));

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>Posts a form whose fields may repeat (ticked checkboxes), with the antiforgery token.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string token, params (string Name, string Value)[] fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__af", token))));

    private async Task<List<EvaluationCycle>> CyclesAsync(int year)
    {
        await using var db = app.NewDbContext();
        return await db.EvaluationCycles.AsNoTracking().Include(c => c.Policy).Where(c => c.Year == year).OrderBy(c => c.UnitId).ToListAsync();
    }

    private async Task<int> PolicyIdAsync(int version)
    {
        await using var db = app.NewDbContext();
        return await db.EvaluationPolicies.Where(p => p.Version == version).Select(p => p.Id).SingleAsync();
    }

    [Fact]
    public async Task An_evaluator_starts_a_cycle_for_a_year_and_a_unit_and_an_administrator_for_two_wards_under_a_chosen_policy()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var wardB = await UnitIdAsync(app, WardB);
        var evaluator = await app.CookieClientAsync(DemoUsers.EvaluatorA);

        // The form offers the units of the evaluator's jurisdiction (the ward, not its hamlets, not the other ward) and the policies.
        var page = WebUtility.HtmlDecode(await evaluator.GetStringAsync("/staff/evaluations"));
        Assert.Contains("Mở kỳ đánh giá mới", page);
        Assert.Contains($"value=\"{wardA}\"", page);
        Assert.DoesNotContain($"value=\"{wardB}\"", page);
        Assert.Contains("Phường Cái Răng (Phường)", page);
        Assert.DoesNotContain("(Ấp, thôn, khóm)", page);
        Assert.Contains("Phiên bản 1 (mới nhất)", page);

        var token = await TokenAsync(evaluator, "/staff/evaluations");
        var created = await PostAsync(evaluator, "/staff/evaluations", token, ("year", "2030"), ("unitId", wardA.ToString()),
            ("policyId", (await PolicyIdAsync(1)).ToString()));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var cycle = Assert.Single(await CyclesAsync(2030));
        Assert.Equal($"/staff/evaluations/{cycle.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal((wardA, 1, EvaluationStatus.Draft, 1), (cycle.UnitId, cycle.Version, cycle.Status, cycle.Policy.Version));
        await using (var db = app.NewDbContext())
        {
            var evaluatorId = await db.Users.Where(u => u.UserName == DemoUsers.EvaluatorA).Select(u => u.Id).SingleAsync();
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "EvaluationCycle.created"
                && a.EntityId == cycle.Id.ToString() && a.ActorId == evaluatorId));
        }
        var cyclePage = WebUtility.HtmlDecode(await evaluator.GetStringAsync($"/staff/evaluations/{cycle.Id}"));
        Assert.Contains("Đang chuẩn bị (cần tính)", cyclePage);
        Assert.Contains($"action=\"/staff/evaluations/{cycle.Id}/compute\"", cyclePage);
        // Nothing computed yet: no freeze form, and the page says why.
        Assert.DoesNotContain($"action=\"/staff/evaluations/{cycle.Id}/freeze\"", cyclePage);
        Assert.Contains("Chỉ khóa được sau khi đã tính xong", cyclePage);

        // A second policy version: the administrator may still choose the first, and the computation keeps it.
        var api = await app.ClientAsAsync(DemoUsers.Administrator);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/evaluations/policies", new
        {
            basis = "Nghị quyết HĐND thành phố năm 2030", officialSatisfactionWeight = 80, officialCasesWeight = 20,
            leaderSatisfactionWeight = 40, leaderCasesWeight = 30, leaderTargetsWeight = 30, excellentFrom = 95, goodFrom = 80, completedFrom = 60,
            minimumResponses = 30, shrinkageStrength = 10, warningBelowRate = 0.5, warningConsecutiveQuarters = 2, minimumQuarterResponses = 20,
        })).StatusCode);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        page = WebUtility.HtmlDecode(await admin.GetStringAsync("/staff/evaluations"));
        Assert.Contains("Phiên bản 2 (mới nhất)", page);
        Assert.Contains("Nghị quyết HĐND thành phố năm 2030", page);
        Assert.Contains("Ngưỡng xếp loại 95 / 80 / 60 điểm; tối thiểu 30 phiếu", page);
        Assert.Contains($"value=\"{wardB}\"", page);
        token = await TokenAsync(admin, "/staff/evaluations");
        var two = await PostAsync(admin, "/staff/evaluations", token, ("year", "2031"), ("unitId", wardA.ToString()), ("unitId", wardB.ToString()),
            ("policyId", (await PolicyIdAsync(1)).ToString()));
        Assert.Equal(HttpStatusCode.Redirect, two.StatusCode);
        Assert.Equal("/staff/evaluations", two.Headers.Location?.OriginalString);
        var both = await CyclesAsync(2031);
        Assert.Equal([(wardA, 1), (wardB, 1)], both.Select(c => (c.UnitId, c.Policy.Version)).Order().ToArray());

        var computed = await PostAsync(admin, $"/staff/evaluations/{both[0].Id}/compute", token);
        Assert.Equal(HttpStatusCode.Redirect, computed.StatusCode);
        await RunJobAsync(app, both[0].Id);
        Assert.Equal(1, (await GetAsync(api, both[0].Id)).Cycle.PolicyVersion);
        // Without a choice the API takes the latest version.
        var latest = await api.PostAsJsonAsync("/api/evaluations", new { unitId = wardA, year = 2032 });
        Assert.Equal(HttpStatusCode.Created, latest.StatusCode);
        Assert.Equal(2, (await latest.Content.ReadFromJsonAsync<HaiLong.Api.Features.Evaluations.CycleResponse>(Json))!.PolicyVersion);
    }

    [Fact]
    public async Task A_refused_form_comes_back_with_what_was_typed_and_chosen_and_a_message_beside_the_field()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var evaluator = await app.CookieClientAsync(DemoUsers.EvaluatorA);
        var token = await TokenAsync(evaluator, "/staff/evaluations");

        var notAYear = await PostAsync(evaluator, "/staff/evaluations", token, ("year", "năm <sau>"), ("unitId", wardA.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, notAYear.StatusCode);
        var raw = await notAYear.Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("Năm đánh giá: hãy nhập năm bằng số, ví dụ 2025.", html);
        Assert.Contains("value=\"năm &lt;sau&gt;\"", raw);
        Assert.Matches($"id=\"unit-{wardA}\"[^>]*checked", html);
        Assert.Matches("id=\"cycle-year\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"cycle-year-error\"", raw);
        Assert.Contains("Chưa mở kỳ đánh giá nào", html);

        // The record's range, worded with the label (a year has no thousands separator).
        var outOfRange = await PostAsync(evaluator, "/staff/evaluations", token, ("year", "1999"), ("unitId", wardA.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("Năm đánh giá: phải từ 2020 đến 2100.", await TextAsync(outOfRange));

        var noUnit = await PostAsync(evaluator, "/staff/evaluations", token, ("year", "2033"));
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.StatusCode);
        html = await TextAsync(noUnit);
        Assert.Contains("Đơn vị được đánh giá: hãy chọn ít nhất một đơn vị.", html);
        Assert.Contains("value=\"2033\"", html);

        var forged = await PostAsync(evaluator, "/staff/evaluations", token, ("year", "2033"), ("unitId", "Cái Răng"), ("policyId", "mới nhất"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        html = await TextAsync(forged);
        Assert.Contains("Đơn vị được đánh giá: hãy chọn trong danh sách.", html);
        Assert.Contains("Chính sách đánh giá: hãy chọn trong danh sách.", html);

        Assert.Empty(await CyclesAsync(1999));
        Assert.Empty(await CyclesAsync(2033));
    }

    [Fact]
    public async Task A_unit_and_year_that_already_have_a_cycle_are_refused_with_a_link_to_it_and_nothing_is_started()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var wardB = await UnitIdAsync(app, WardB);
        var existing = await CreateCycleAsync(await app.ClientAsAsync(DemoUsers.EvaluatorA), wardA, 2034);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var token = await TokenAsync(admin, "/staff/evaluations");

        // Ward B is new, ward A is not: neither is started.
        var duplicate = await PostAsync(admin, "/staff/evaluations", token, ("year", "2034"), ("unitId", wardB.ToString()), ("unitId", wardA.ToString()));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var html = await TextAsync(duplicate);
        Assert.Contains("Đã có kỳ đánh giá năm 2034 cho:", html);
        Assert.Contains($"<a href=\"/staff/evaluations/{existing}\">Phường Cái Răng (phiên bản 1, Đang chuẩn bị (cần tính))</a>", html);
        Assert.Contains("Không kỳ nào được mở.", html);
        Assert.Matches($"id=\"unit-{wardA}\"[^>]*checked", html);
        Assert.Matches($"id=\"unit-{wardB}\"[^>]*checked", html);
        Assert.Equal([existing], (await CyclesAsync(2034)).Select(c => c.Id));

        // The API says the same with a problem.
        var api = await app.ClientAsAsync(DemoUsers.Administrator);
        var again = await api.PostAsJsonAsync("/api/evaluations", new { unitId = wardA, year = 2034 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_unit_outside_the_jurisdiction_or_an_unknown_policy_is_404_and_other_roles_are_refused()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var wardB = await UnitIdAsync(app, WardB);
        var evaluator = await app.CookieClientAsync(DemoUsers.EvaluatorA);
        var token = await TokenAsync(evaluator, "/staff/evaluations");

        foreach (var response in new[]
                 {
                     await PostAsync(evaluator, "/staff/evaluations", token, ("year", "2035"), ("unitId", wardB.ToString())),
                     await PostAsync(evaluator, "/staff/evaluations", token, ("year", "2035"), ("unitId", wardA.ToString()), ("unitId", wardB.ToString())),
                     await PostAsync(evaluator, "/staff/evaluations", token, ("year", "2035"), ("unitId", "987654")),
                     await PostAsync(evaluator, "/staff/evaluations", token, ("year", "2035"), ("unitId", wardA.ToString()), ("policyId", "987654")),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Không có đơn vị hoặc chính sách đánh giá này trong phạm vi của bạn.", await TextAsync(response));
        }
        var api = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        var unknownPolicy = await api.PostAsJsonAsync("/api/evaluations", new { unitId = wardA, year = 2035, policyId = 987654 });
        Assert.Equal(HttpStatusCode.NotFound, unknownPolicy.StatusCode);
        Assert.Equal("application/problem+json", unknownPolicy.Content.Headers.ContentType?.MediaType);

        // A cycle of ward B: its compute and freeze forms are 404 for ward A's evaluator.
        var foreign = await CreateCycleAsync(await app.ClientAsAsync(DemoUsers.Administrator), wardB, 2035);
        foreach (var response in new[]
                 {
                     await PostAsync(evaluator, $"/staff/evaluations/{foreign}/compute", token),
                     await PostAsync(evaluator, $"/staff/evaluations/{foreign}/freeze", token, ("confirm", "yes")),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal([(foreign, EvaluationStatus.Draft)], (await CyclesAsync(2035)).Select(c => (c.Id, c.Status)));

        // Only evaluators and administrators reach the form.
        var leader = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/staff/evaluations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(leader, "/staff/evaluations", await TokenAsync(leader, "/staff"),
            ("year", "2036"), ("unitId", wardA.ToString()))).StatusCode);
        Assert.Empty(await CyclesAsync(2036));
    }

    [Fact]
    public async Task Each_action_is_offered_only_in_its_state_and_a_stale_one_is_refused_with_the_reason_and_changes_nothing()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var o = await OfficialIdsAsync(app);
        await AddRollupsAsync(app, Year(SubjectKind.Official, o["CR-005"], 80, 74, 2037));
        var client = await app.CookieClientAsync(DemoUsers.EvaluatorA);
        var token = await TokenAsync(client, "/staff/evaluations");
        // Policy 1 chosen: another test of the class may have added a stricter one.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/staff/evaluations", token, ("year", "2037"), ("unitId", wardA.ToString()),
            ("policyId", (await PolicyIdAsync(1)).ToString()))).StatusCode);
        var id = Assert.Single(await CyclesAsync(2037)).Id;
        async Task<EvaluationCycle> Stored() => (await CyclesAsync(2037)).Single();

        // A draft cannot be frozen, even with the box ticked.
        var early = await PostAsync(client, $"/staff/evaluations/{id}/freeze", token, ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("chưa được tính xong", await TextAsync(early));
        Assert.Equal(EvaluationStatus.Draft, (await Stored()).Status);

        // Queued: the page says so honestly, reloads itself and offers neither action.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, $"/staff/evaluations/{id}/compute", token)).StatusCode);
        Assert.Equal(EvaluationStatus.Queued, (await Stored()).Status);
        var queued = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/evaluations/{id}"));
        Assert.Contains("Đang chờ tính: việc tính đã được xếp hàng", queued);
        Assert.Contains("http-equiv=\"refresh\"", queued);
        Assert.DoesNotContain($"action=\"/staff/evaluations/{id}/compute\"", queued);
        Assert.DoesNotContain($"action=\"/staff/evaluations/{id}/freeze\"", queued);

        await RunJobAsync(app, id);
        var computed = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/evaluations/{id}"));
        Assert.Matches(@"Tính xong lúc \d\d:\d\d \d\d/\d\d/\d{4} \(giờ Việt Nam\)", computed);
        Assert.Contains("Hoàn thành xuất sắc nhiệm vụ", computed[computed.IndexOf("<main")..]);
        Assert.Contains("Tính lại đề xuất", computed);
        Assert.Contains("Tôi hiểu rằng kỳ đánh giá đã khóa không thể thay đổi.", computed);

        // Freezing without the confirmation shows the form again with the reason beside the box.
        var unconfirmed = await PostAsync(client, $"/staff/evaluations/{id}/freeze", token);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        var html = await TextAsync(unconfirmed);
        Assert.Contains("Hãy đánh dấu ô xác nhận trước khi khóa", html);
        Assert.Matches("id=\"freeze-confirm\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"freeze-confirm-error\"", html);
        Assert.Equal(EvaluationStatus.Computed, (await Stored()).Status);

        var frozen = await PostAsync(client, $"/staff/evaluations/{id}/freeze", token, ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.Redirect, frozen.StatusCode);
        var stored = await Stored();
        Assert.Equal(EvaluationStatus.Frozen, stored.Status);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/evaluations/{id}"));
        Assert.DoesNotContain($"action=\"/staff/evaluations/{id}/compute\"", page);
        Assert.DoesNotContain($"action=\"/staff/evaluations/{id}/freeze\"", page);
        Assert.Contains($"href=\"/api/evaluations/{id}/export.xlsx\"", page);

        // A second freeze or a computation from a page opened before the freeze: refused, said why, nothing changed.
        foreach (var (response, heading) in new[]
                 {
                     (await PostAsync(client, $"/staff/evaluations/{id}/freeze", token, ("confirm", "yes")), "Không thể khóa kỳ đánh giá"),
                     (await PostAsync(client, $"/staff/evaluations/{id}/compute", token), "Không thể tính lại"),
                 })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            html = await TextAsync(response);
            Assert.Contains(heading, html);
            Assert.Contains("Kỳ đánh giá năm 2037 (phiên bản 1) đã khóa lúc", html);
            Assert.Contains("Không có gì được lưu.", html);
        }
        var after = await Stored();
        Assert.Equal((EvaluationStatus.Frozen, stored.SnapshotHash, stored.FrozenAt), (after.Status, after.SnapshotHash, after.FrozenAt));
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "evaluation.frozen" && a.EntityId == id.ToString()));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "evaluation.compute-requested" && a.EntityId == id.ToString()));
    }

}
