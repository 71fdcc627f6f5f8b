using DocumentFormat.OpenXml.Packaging;
using HaiLong.Api.Features.Evaluations;
using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

public sealed class EvaluationFreezeTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_frozen_cycle_exports_the_same_bytes_after_new_responses_and_a_policy_change()
    {
        var province = await UnitIdAsync(app, DemoWorld.ProvinceCode);
        var wardA = await UnitIdAsync(app, WardA);
        var wardB = await UnitIdAsync(app, WardB);
        var o = await OfficialIdsAsync(app);
        await AddRollupsAsync(app,
            Year(SubjectKind.Official, o["CR-005"], 80, 74),
            Year(SubjectKind.Official, o["CR-006"], 120, 80),
            Year(SubjectKind.Official, o["HP-005"], 200, 150),
            Year(SubjectKind.Unit, wardA, 300, 240),
            Year(SubjectKind.Unit, wardB, 200, 150),
            Quarter(SubjectKind.Official, o["CR-006"], 1, 40, 20),
            Quarter(SubjectKind.Official, o["CR-006"], 2, 40, 18));
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var id = await CreateCycleAsync(admin, province);

        var bad =
            await admin.PutAsJsonAsync($"/api/evaluations/{id}/dossier-figures/{wardA}",
            new { dossiersTotal = 10, dossiersOverdue = 11, source = "Hệ thống một cửa" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/evaluations/{id}/dossier-figures/{wardA}",
            new { dossiersTotal = 1200, dossiersOverdue = 18, source = "Báo cáo Hệ thống thông tin giải quyết TTHC tỉnh, quý IV/2025" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/evaluations/{id}/targets",
            new { unitId = wardA, title = "Rà soát 100% hương ước, quy ước", targetValue = 100, achievedValue = 80,
                evidence = "https://cairang.example/huong-uoc" })).StatusCode);
        // Not computed yet: nothing to freeze.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/evaluations/{id}/freeze", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/evaluations/{id}/compute", null)).StatusCode);
        await RunJobAsync(app, id);
        var note = await admin.PutAsJsonAsync($"/api/evaluations/{id}/results/{o["CR-005"]}/note", new { note = "Đồng ý <b>đề xuất</b>" });
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);

        var freeze = await admin.PostAsync($"/api/evaluations/{id}/freeze", null);
        Assert.Equal(HttpStatusCode.OK, freeze.StatusCode);
        var frozen = (await freeze.Content.ReadFromJsonAsync<FreezeResponse>(Json))!;
        await using (var db = app.NewDbContext())
        {
            var stored = await db.EvaluationCycles.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal(EvaluationSnapshot.Hash(stored.Snapshot!), frozen.SnapshotHash);
            Assert.Equal(64, frozen.SnapshotHash.Length);
        }

        var xlsxBefore = await admin.GetByteArrayAsync($"/api/evaluations/{id}/export.xlsx");
        var group5Before = await admin.GetStringAsync($"/api/evaluations/{id}/group5");
        var sheetBefore = await admin.GetStringAsync($"/staff/evaluations/{id}/sheets/{o["CR-005"]}");
        var contentBefore = (await GetAsync(admin, id)).Content;

        // Later: new responses folded into the rollups, and a new policy version.
        await using (var db = app.NewDbContext())
        {
            await db.Rollups.Where(r => r.SubjectKind == SubjectKind.Official && r.SubjectId == o["CR-005"] && r.PeriodKind == PeriodKind.Year)
                .ExecuteUpdateAsync(s
                    => s.SetProperty(r => r.Stats.Count, r => r.Stats.Count + 100).SetProperty(r => r.Stats.Score1, r => r.Stats.Score1 + 100));
        }
        await AddRollupsAsync(app, Year(SubjectKind.Official, o["CR-007"], 90, 10),
            Year(SubjectKind.Agency, (await AgencyIdsAsync(app))[$"{WardB}-TTPVHCC"], 100, 99));
        var policy = await admin.PostAsJsonAsync("/api/evaluations/policies", new
        {
            basis = "Nghị quyết HĐND tỉnh năm 2026: ngưỡng cao hơn", officialSatisfactionWeight = 80, officialCasesWeight = 20,
            leaderSatisfactionWeight = 40, leaderCasesWeight = 30, leaderTargetsWeight = 30, excellentFrom = 95, goodFrom = 80, completedFrom = 60,
            minimumResponses = 30, shrinkageStrength = 10, warningBelowRate = 0.5, warningConsecutiveQuarters = 2, minimumQuarterResponses = 20,
        });
        Assert.Equal(HttpStatusCode.Created, policy.StatusCode);

        // A frozen version refuses every change, and the job leaves it alone.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/evaluations/{id}/compute", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/evaluations/{id}/freeze", null)).StatusCode);
        var annotate = await admin.PutAsJsonAsync($"/api/evaluations/{id}/results/{o["CR-006"]}/note", new { note = "sửa sau khi khóa" });
        Assert.Equal(HttpStatusCode.Conflict, annotate.StatusCode);
        Assert.Equal("application/problem+json", annotate.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/evaluations/{id}/targets",
            new { unitId = wardA, title = "Mới", targetValue = 1, achievedValue = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"/api/evaluations/{id}/dossier-figures/{wardB}",
            new { dossiersTotal = 1, dossiersOverdue = 0, source = "x" })).StatusCode);
        await RunJobAsync(app, id);
        // Below the API too: the database refuses to touch a frozen cycle or its results.
        await using (var db = app.NewDbContext())
        {
            var cycleEdit = await Assert.ThrowsAnyAsync<Exception>(() =>
                db.Database.ExecuteSqlInterpolatedAsync($"UPDATE evaluation_cycles SET snapshot = '{{}}' WHERE id = {id}"));
            Assert.Contains("frozen", cycleEdit.Message);
            var resultEdit = await Assert.ThrowsAnyAsync<Exception>(() =>
                db.Database.ExecuteSqlInterpolatedAsync($"UPDATE evaluation_results SET score = 100 WHERE cycle_id = {id}"));
            Assert.Contains("frozen", resultEdit.Message);
        }

        Assert.Equal(xlsxBefore, await admin.GetByteArrayAsync($"/api/evaluations/{id}/export.xlsx"));
        Assert.Equal(group5Before, await admin.GetStringAsync($"/api/evaluations/{id}/group5"));
        // The printed sheet is unchanged to the byte (the page around it carries a fresh sign-out token each time).
        Assert.Equal(Sheet(sheetBefore), Sheet(await admin.GetStringAsync($"/staff/evaluations/{id}/sheets/{o["CR-005"]}")));
        var contentAfter = (await GetAsync(admin, id)).Content;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(contentBefore, Json), System.Text.Json.JsonSerializer.Serialize(contentAfter, Json));
        Assert.Equal(1, contentAfter.Policy.Version);

        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsxBefore)))
        {
            Assert.All(zip.Entries, e => Assert.Equal(new DateTime(2000, 1, 1), e.LastWriteTime.DateTime));
        }
        // The workbook is a real spreadsheet with the results, the group-5 rows and the note.
        using (var doc = SpreadsheetDocument.Open(new MemoryStream(xlsxBefore), false))
        {
            var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.Equal(["Ket qua", "Nhom 5 QD 766", "Chi tieu", "De nghi khen thuong", "Canh bao", "Chinh sach"], sheets);
            var text =
                string.Join("|", doc.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>())
                .Select(t => t.Text));
            Assert.Contains("Đồng ý <b>đề xuất</b>", text);
            Assert.Contains("Báo cáo Hệ thống thông tin giải quyết TTHC tỉnh, quý IV/2025", text);
            Assert.Contains("Tỷ lệ hài lòng dưới 60,0% trong 2 quý liên tiếp", text);
        }
        var group5 = System.Text.Json.JsonSerializer.Deserialize<Group5Row[]>(group5Before, Json)!;
        Assert.Equal([(wardA, 300L, 18), (wardB, 200L, 0)],
            group5.OrderBy(g => g.UnitId).Select(g => (g.UnitId, g.Responses, g.DossiersOverdue ?? 0)).ToArray());
        Assert.Null(group5.Single(g => g.UnitId == wardB).DossierSource);

        // "Unfreezing" is a new version: it takes the policy in force and recomputes from today's rollups.
        var next = await admin.PostAsync($"/api/evaluations/{id}/versions", null);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        var v2 = (await next.Content.ReadFromJsonAsync<CycleResponse>(Json))!;
        Assert.Equal((2, id, 2), (v2.Version, v2.PreviousVersionId!.Value, v2.PolicyVersion));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/evaluations/{id}/versions", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/evaluations/{v2.Id}/versions", null)).StatusCode);
        await admin.PostAsync($"/api/evaluations/{v2.Id}/compute", null);
        await RunJobAsync(app, v2.Id);
        var second = (await GetAsync(admin, v2.Id)).Content;
        Assert.Single(second.Targets);
        Assert.Contains("n = 180", second.Results.Single(r => r.StaffCode == "CR-005").Reason);
        Assert.Contains("n = 80", contentAfter.Results.Single(r => r.StaffCode == "CR-005").Reason);
        Assert.Equal(xlsxBefore, await admin.GetByteArrayAsync($"/api/evaluations/{id}/export.xlsx"));
    }

    [Fact]
    public async Task A_policy_with_thresholds_out_of_order_is_refused_and_only_administrators_add_policies()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var body = new
        {
            basis = "sai", officialSatisfactionWeight = 70, officialCasesWeight = 30, leaderSatisfactionWeight = 50, leaderCasesWeight = 25,
            leaderTargetsWeight = 25, excellentFrom = 70, goodFrom = 90, completedFrom = 50, minimumResponses = 50, shrinkageStrength = 20,
            warningBelowRate = 0.6, warningConsecutiveQuarters = 2, minimumQuarterResponses = 30,
        };
        var refused = await admin.PostAsJsonAsync("/api/evaluations/policies", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var invalid = await admin.PostAsJsonAsync("/api/evaluations/policies", body with { excellentFrom = 95, minimumResponses = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("MinimumResponses", await invalid.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var badYear = await admin.PostAsJsonAsync("/api/evaluations", new { unitId = await UnitIdAsync(app, WardA), year = 1900 });
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.PostAsJsonAsync("/api/evaluations/policies", body with { excellentFrom = 95 })).StatusCode);
        var policies = await evaluator.GetFromJsonAsync<PolicyView[]>("/api/evaluations/policies", Json);
        Assert.Equal([1], policies!.Select(p => p.Version));
        Assert.Equal((90m, 70m, 50m, 50), (policies![0].ExcellentFrom, policies[0].GoodFrom, policies[0].CompletedFrom, policies[0].MinimumResponses));
    }

    /// <summary>The person's sheet within the staff page: from its article to the article's end.</summary>
    private static string Sheet(string html)
    {
        var start = html.IndexOf("<article class=\"sheet\">", StringComparison.Ordinal);
        var end = html.IndexOf("</article>", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the page has no sheet");
        return html[start..end];
    }
}
