using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

public sealed class EvaluationAccessTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>Each test takes its own year, as the class's tests share one database.</summary>
    private async Task<(long Id, int OfficialId)> ComputedWardACycleAsync(int year)
    {
        var o = await OfficialIdsAsync(app);
        await AddRollupsAsync(app, Year(SubjectKind.Official, o["CR-005"], 80, 74, year));
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        var id = await CreateCycleAsync(evaluator, await UnitIdAsync(app, WardA), year);
        Assert.Equal(HttpStatusCode.Accepted, (await evaluator.PostAsync($"/api/evaluations/{id}/compute", null)).StatusCode);
        await RunJobAsync(app, id);
        return (id, o["CR-005"]);
    }

    private async Task<HttpClient> WardBEvaluatorAsync()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var created = await admin.PostAsJsonAsync("/api/users", new
        {
            userName = "danhgia.hungphu", fullName = "Cán bộ đánh giá phường Hưng Phú", password = "HungPhu@2026!",
            role = Roles.Evaluator, jurisdictionUnitId = await UnitIdAsync(app, WardB),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await app.ClientAsAsync("danhgia.hungphu", "HungPhu@2026!");
    }

    [Fact]
    public async Task Only_evaluators_and_administrators_of_the_jurisdiction_reach_a_cycle()
    {
        var (id, officialId) = await ComputedWardACycleAsync(2025);

        foreach (var user in new[] { DemoUsers.WardLeaderA, DemoUsers.InspectorA, DemoUsers.ServiceStaffA })
        {
            var client = await app.ClientAsAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/evaluations/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/evaluations/{id}/compute", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/evaluations/{id}/freeze", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/evaluations/{id}/export.xlsx")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/staff/evaluations/{id}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.AnonymousClient().GetAsync($"/api/evaluations/{id}")).StatusCode);

        // An evaluator of another ward does not learn that the cycle exists.
        var other = await WardBEvaluatorAsync();
        foreach (var response in new[]
                 {
                     await other.GetAsync($"/api/evaluations/{id}"),
                     await other.PostAsync($"/api/evaluations/{id}/compute", null),
                     await other.PostAsync($"/api/evaluations/{id}/freeze", null),
                     await other.PutAsJsonAsync($"/api/evaluations/{id}/results/{officialId}/note", new { note = "x" }),
                     await other.GetAsync($"/api/evaluations/{id}/export.xlsx"),
                     await other.GetAsync($"/api/evaluations/{id}/group5"),
                     await other.GetAsync($"/staff/evaluations/{id}"),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Empty((await other.GetFromJsonAsync<object[]>("/api/evaluations"))!);
        // Nor can they start a cycle for a ward that is not theirs.
        var foreign = await other.PostAsJsonAsync("/api/evaluations", new { unitId = await UnitIdAsync(app, WardA), year = 2023 });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);

        // The ward's evaluator and the province's administrator do.
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAsAsync(DemoUsers.EvaluatorA)).GetAsync($"/api/evaluations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAsAsync(DemoUsers.Administrator)).GetAsync($"/api/evaluations/{id}")).StatusCode);

        await using var db = app.NewDbContext();
        Assert.False(await db.EvaluationCycles.AnyAsync(c => c.Id == id && c.Status == EvaluationStatus.Frozen));
        Assert.False(await db.EvaluationResults.AnyAsync(r => r.CycleId == id && r.Note != null));
        Assert.False(await db.EvaluationCycles.AnyAsync(c => c.Year == 2023));
        var refused = await db.AuditEntries.Where(a => a.Action == "authorization.refused").Select(a => a.Details).ToListAsync();
        Assert.Contains(refused, d => d!.Contains($"/api/evaluations/{id}/freeze"));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_evaluation_operations_and_their_outcomes()
    {
        var document = await app.AnonymousClient().GetStringAsync("/openapi/v1.json");
        foreach (var operation in new[] { "FreezeEvaluationCycle", "ComputeEvaluationCycle", "AnnotateEvaluationResult",
            "ExportEvaluationXlsx", "GetEvaluationGroup5" })
        {
            Assert.Contains($"\"operationId\": \"{operation}\"", document);
        }
        Assert.Contains("/api/evaluations/{id}/freeze", document);
    }

    [Fact]
    public async Task Every_annotation_and_freeze_is_audited()
    {
        var (id, officialId) = await ComputedWardACycleAsync(2024);
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        await using var db = app.NewDbContext();
        var evaluatorId = await db.Users.Where(u => u.UserName == DemoUsers.EvaluatorA).Select(u => u.Id).SingleAsync();

        Assert.Equal(HttpStatusCode.OK, (await evaluator.GetAsync($"/api/evaluations/{id}")).StatusCode);
        var note = await evaluator.PutAsJsonAsync($"/api/evaluations/{id}/results/{officialId}/note", new { note = "Đề nghị giữ mức đề xuất" });
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        var resultId = (await db.EvaluationResults.SingleAsync(r => r.CycleId == id && r.OfficialId == officialId)).Id.ToString();
        var changed = await db.AuditEntries.Where(a => a.Action == "EvaluationResult.updated" && a.EntityId == resultId).ToListAsync();
        Assert.Contains(changed, a => a.ActorId == evaluatorId && a.Details!.Contains("Đề nghị giữ mức đề xuất"));
        var annotated = await db.AuditEntries.SingleAsync(a => a.Action == "evaluation.annotated" && a.EntityId == resultId);
        Assert.Equal(evaluatorId, annotated.ActorId);

        var freeze = await evaluator.PostAsync($"/api/evaluations/{id}/freeze", null);
        Assert.Equal(HttpStatusCode.OK, freeze.StatusCode);
        var hash = (await db.EvaluationCycles.AsNoTracking().SingleAsync(c => c.Id == id)).SnapshotHash!;
        var frozenEvent = await db.AuditEntries.SingleAsync(a => a.Action == "evaluation.frozen" && a.EntityId == id.ToString());
        Assert.Equal(evaluatorId, frozenEvent.ActorId);
        Assert.Contains(hash, frozenEvent.Details);
        var cycleChanges = await db.AuditEntries.Where(a => a.Action == "EvaluationCycle.updated" && a.EntityId == id.ToString() && a.ActorId == evaluatorId)
            .Select(a => a.Details).ToListAsync();
        Assert.Contains(cycleChanges, d => d!.Contains("Frozen") && d.Contains(hash));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "evaluation.viewed" && a.EntityId == id.ToString()));
    }
}
