using HaiLong.Api.Features.Evaluations;
using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>
/// A seeded year of ward Cái Răng: the demo officials plus four more (three at the service centre, one leader of a
/// cultural centre nobody rated), yearly and quarterly rollups, the ward's targets and fixed case-handling figures.
/// Policy: the default (version 1): officials 70 satisfaction / 30 cases; leaders 50 / 25 / 25 targets; bands 90 / 70 / 50;
/// minimum 50 responses; k = 20.
/// </summary>
public sealed class EvaluationComputationTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>
    /// The hand-computed table. Satisfaction points = 100·(satisfied + 20·peer)/(n + 20), to two decimals.
    /// Peer mean of the ward's officials = Σ satisfied / Σ n over every official rollup of the ward
    ///   = (170+74+124+20+285+27+3+72+49) / (200+80+180+50+300+30+10+120+60) = 824 / 1030 = 0.8, so 20·peer = 16.
    /// Peer mean of the ward's agencies = (225 + 105) / (250 + 150) = 0.825, so 20·peer = 16.5.
    /// The ward itself is the only ward of the jurisdiction: peer = 330 / 400 = 0.825.
    /// Targets of the ward: 100/100, 72/90 (= 0.8, the missed target), 100/100, 1/1 → (1 + 0.8 + 1 + 1) / 4 = 95.00 points.
    /// Score = weighted mean of the usable components only, to two decimals.
    /// </summary>
    public static readonly TheoryData<string, string?, string?> HandComputed = new()
    {
        // CR-003: S = (170+16)/220 = 84.55; cases 4/4: n = 4 < 10 come due, not counted (issue 18) → 84.55 alone → Good
        { "CR-003", "84.55", "Good" },
        // CR-005: S = (74+16)/100 = 90.00; cases 9/10 = 90 → 90.00 exactly at the threshold → Excellent
        { "CR-005", "90.00", "Excellent" },
        // CR-006: S = (124+16)/200 = 70.00; no case about them (total 0) → satisfaction alone = 70.00, exactly at the threshold → Good
        { "CR-006", "70.00", "Good" },
        // CR-007: n = 50 is just enough: S = (20+16)/70 = 51.43; cases 1/5: n = 5 < 10, not counted → 51.43 → Completed
        { "CR-007", "51.43", "Completed" },
        // CR-008: S = (285+16)/320 = 94.06; cases 2/2: n = 2 < 10, not counted → 94.06 → Excellent
        { "CR-008", "94.06", "Excellent" },
        // CR-009: n = 30 < 50 → satisfaction "không đủ dữ liệu" (not zero); cases 2/3: n = 3 < 10 → nothing counts, no proposal
        { "CR-009", null, null },
        // CR-010: n = 10 < 50 and no case figures at all → no proposal
        { "CR-010", null, null },
        // CR-011: new, no responses; cases 1/2: n = 2 < 10 → no proposal
        { "CR-011", null, null },
        // CR-012: S = (72+16)/140 = 62.86; cases 3/6: n = 6 < 10, not counted → 62.86 → Completed
        { "CR-012", "62.86", "Completed" },
        // CR-013: S = (49+16)/80 = 81.25; no case figures → satisfaction alone → Good
        { "CR-013", "81.25", "Good" },
        // CR-001 HĐND chair, on the yearly survey's People's Council question (issue 18): nobody answered it → not counted;
        //   ward cases 30/40 = 75; targets 95 → (25·75 + 25·95)/50 = 85.00 → Good. The ward's mixed 82.50 is no longer hers.
        { "CR-001", "85.00", "Good" },
        // CR-002 UBND chair: People's Committee question and the ward's service answers, none read one by one here (rollups
        //   only) → not counted; the same ward cases and targets → 85.00 → Good
        { "CR-002", "85.00", "Good" },
        // CR-004 service-centre director, judged on the centre: S = (225+16.5)/270 = 89.44; centre cases 19/20 = 95; targets 95
        //   → (4472 + 2375 + 2375)/100 = 92.22 → Excellent
        { "CR-004", "92.22", "Excellent" },
        // CR-014 leader of a unit with no responses: satisfaction "không đủ dữ liệu"; cases 6/8: n = 8 < 10, not counted;
        //   targets 95 alone → 95.00 → Excellent (not a commendation candidate: no usable satisfaction)
        { "CR-014", "95.00", "Excellent" },
    };

    private async Task<(long CycleId, Dictionary<(SubjectKind, int), CaseHandlingFigures> Cases)> SeedAndComputeAsync()
    {
        var wardA = await UnitIdAsync(app, WardA);
        var wardB = await UnitIdAsync(app, WardB);
        var agencies = await AgencyIdsAsync(app);
        await using (var db = app.NewDbContext())
        {
            var centre = await db.Agencies.SingleAsync(a => a.Code == $"{WardA}-TTPVHCC");
            var culture =
                new Agency { UnitId = wardA, Kind = AgencyKind.PublicServiceUnit, Code = $"{WardA}-TTVH",
                Name = "Trung tâm Văn hóa - Thể thao phường Cái Răng" };
            db.Agencies.Add(culture);
            var from = new DateOnly(2024, 1, 1);
            db.Officials.AddRange(
                new Official { Agency = centre, StaffCode = "CR-011", FullName = "Nguyễn Văn <b>Mới</b>", Position = "Công chức Tư pháp - Hộ tịch",
                    ActiveFrom = new DateOnly(2025, 6, 1) },
                new Official { AgencyId = centre.Id, StaffCode = "CR-012", FullName = "Trần Thị Kiều",
                    Position = "Công chức Địa chính - Xây dựng", ActiveFrom = from },
                new Official { AgencyId = centre.Id, StaffCode = "CR-013", FullName = "Lê Hoàng Phong",
                    Position = "Công chức Văn hóa - Xã hội", ActiveFrom = from },
                new Official { Agency = culture, StaffCode = "CR-014", FullName = "Phạm Minh Khoa",
                    Position = "Giám đốc Trung tâm Văn hóa - Thể thao", IsLeader = true, ActiveFrom = from },
                // Left before the year: not evaluated.
                new Official { AgencyId = centre.Id, StaffCode = "CR-099", FullName = "Đã nghỉ việc", Position = "Công chức",
                    ActiveFrom = new DateOnly(2020, 1, 1), ActiveTo = new DateOnly(2024, 12, 31) });
            await db.SaveChangesAsync();
        }
        var o = await OfficialIdsAsync(app);
        agencies = await AgencyIdsAsync(app);
        var centreId = agencies[$"{WardA}-TTPVHCC"];
        var committeeId = agencies[$"{WardA}-UBND"];
        var cultureId = agencies[$"{WardA}-TTVH"];

        await AddRollupsAsync(app,
            Year(SubjectKind.Official, o["CR-003"], 200, 170),
            Year(SubjectKind.Official, o["CR-005"], 80, 74),
            Year(SubjectKind.Official, o["CR-006"], 180, 124),
            Year(SubjectKind.Official, o["CR-007"], 50, 20),
            Year(SubjectKind.Official, o["CR-008"], 300, 285),
            Year(SubjectKind.Official, o["CR-009"], 30, 27),
            Year(SubjectKind.Official, o["CR-010"], 10, 3),
            Year(SubjectKind.Official, o["CR-012"], 120, 72),
            Year(SubjectKind.Official, o["CR-013"], 60, 49),
            Year(SubjectKind.Agency, centreId, 250, 225),
            Year(SubjectKind.Agency, committeeId, 150, 105),
            Year(SubjectKind.Unit, wardA, 400, 330),
            // Outside the jurisdiction or the year: must change nothing above.
            Year(SubjectKind.Official, o["HP-005"], 100, 0),
            Year(SubjectKind.Unit, wardB, 100, 0),
            Year(SubjectKind.Official, o["CR-005"], 500, 0, year: 2024),
            // CR-012 is low two quarters running (50%, 40%); CR-007's low first quarter has too few responses to count.
            Quarter(SubjectKind.Official, o["CR-012"], 2, 40, 20),
            Quarter(SubjectKind.Official, o["CR-012"], 3, 35, 14),
            Quarter(SubjectKind.Official, o["CR-007"], 1, 20, 5),
            Quarter(SubjectKind.Official, o["CR-007"], 3, 30, 10));

        var cases = new Dictionary<(SubjectKind, int), CaseHandlingFigures>
        {
            [(SubjectKind.Official, o["CR-003"])] = new(4, 4, 4, 0),
            [(SubjectKind.Official, o["CR-005"])] = new(10, 10, 9, 0),
            [(SubjectKind.Official, o["CR-006"])] = new(0, 0, 0, 0),
            [(SubjectKind.Official, o["CR-007"])] = new(5, 3, 1, 2),
            [(SubjectKind.Official, o["CR-008"])] = new(2, 2, 2, 0),
            [(SubjectKind.Official, o["CR-009"])] = new(3, 3, 2, 0),
            [(SubjectKind.Official, o["CR-011"])] = new(2, 1, 1, 1),
            [(SubjectKind.Official, o["CR-012"])] = new(6, 5, 3, 1),
            [(SubjectKind.Unit, wardA)] = new(40, 37, 30, 3, new Group5Cases(25, 22, 19, 4, 3, 6, 15, 0)),
            [(SubjectKind.Agency, centreId)] = new(20, 20, 19, 0),
            [(SubjectKind.Agency, cultureId)] = new(8, 7, 6, 1),
        };

        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        var id = await CreateCycleAsync(evaluator, wardA);
        foreach (var (title, target, achieved) in new[]
                 {
                     ("100% cơ quan, đơn vị ban hành quy chế dân chủ", 100m, 100m),
                     ("Ít nhất 90% cán bộ phụ trách được tập huấn", 90m, 72m),
                     ("Rà soát 100% hương ước, quy ước", 100m, 100m),
                     ("Công khai kết quả trên cổng thông tin phường", 1m, 1m),
                 })
        {
            var added = await evaluator.PostAsJsonAsync($"/api/evaluations/{id}/targets",
                new { unitId = wardA, title, targetValue = target, achievedValue = achieved, evidence = "Báo cáo số 12/BC-UBND" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        var compute = await evaluator.PostAsync($"/api/evaluations/{id}/compute", null);
        Assert.Equal(HttpStatusCode.Accepted, compute.StatusCode);

        // While queued, the page reloads itself: no script needed.
        var queuedPage = await (await evaluator.GetAsync($"/staff/evaluations/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("<meta http-equiv=\"refresh\"", queuedPage);

        await RunJobAsync(WithCases(app, cases), id);
        return (id, cases);
    }

    [Fact]
    public async Task Proposed_levels_match_the_hand_computed_table()
    {
        var (id, cases) = await SeedAndComputeAsync();
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        var detail = await GetAsync(evaluator, id);

        Assert.Equal(EvaluationStatus.Computed, detail.Cycle.Status);
        Assert.Equal((14, 14), (detail.Cycle.ProgressDone, detail.Cycle.ProgressTotal));
        Assert.Equal(1, detail.Cycle.PolicyVersion);
        var results = detail.Content.Results.ToDictionary(r => r.StaffCode);
        Assert.DoesNotContain("CR-099", results.Keys);
        Assert.DoesNotContain(results.Keys, k => k.StartsWith("HP-"));
        Assert.Equal(14, results.Count);
        foreach (var row in HandComputed)
        {
            var (code, score, level) = ((string)row[0], (string?)row[1], (string?)row[2]);
            var r = results[code];
            Assert.True(score == r.Score?.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                $"{code}: expected score {score ?? "none"}, got {r.Score?.ToString() ?? "none"}. {r.Reason}");
            Assert.True(level == r.ProposedLevel?.ToString(), $"{code}: expected {level ?? "no proposal"}, got {r.ProposedLevel}. {r.Reason}");
        }

        // The reason reads as plain Vietnamese with n and the 95% interval.
        Assert.StartsWith("Tỷ lệ hài lòng 85,0% (n = 200, khoảng tin cậy 95%: 79,4–89,3%)", results["CR-003"].Reason);
        Assert.Contains("hiệu chỉnh về trung bình nhóm 80,0% (k = 20): 84,55 điểm", results["CR-003"].Reason);
        Assert.Contains("Đề xuất: Hoàn thành tốt nhiệm vụ.", results["CR-003"].Reason);
        // Too few responses: said so, never a zero, and the re-weighting is stated.
        var few = results["CR-009"];
        Assert.Null(few.Components.Single(c => c.Key == "satisfaction").Points);
        Assert.Contains("Tỷ lệ hài lòng 90,0% (n = 30, khoảng tin cậy 95%: 74,4–96,5%): không đủ dữ liệu (dưới 50 phiếu)", few.Reason);
        Assert.Contains("2/3 trả lời đúng hạn (66,7%), 0 chưa giải quyết: chưa đủ dữ liệu (n = 3 vụ việc đến hạn, cần tối thiểu 10)", few.Reason);
        Assert.Contains("Không đủ dữ liệu để đề xuất", few.Reason);
        Assert.Contains("tính lại trọng số trên các thành phần có dữ liệu (mức độ hài lòng 70; bỏ qua: kiến nghị, phản ánh)", results["CR-003"].Reason);
        Assert.Contains("Không đủ dữ liệu để đề xuất", results["CR-010"].Reason);
        Assert.Contains("Tỷ lệ hài lòng với cơ quan: không đủ dữ liệu (chưa có phiếu nào", results["CR-014"].Reason);
        Assert.Contains("“Ít nhất 90% cán bộ phụ trách được tập huấn” đạt 72,0/90,0", results["CR-001"].Reason);
        Assert.Contains("Khảo sát hằng năm, “Ủy ban nhân dân phường”: không đủ dữ liệu (chưa có phiếu nào trong năm", results["CR-002"].Reason);
        Assert.Contains("Khảo sát hằng năm, “Hội đồng nhân dân phường”: không đủ dữ liệu", results["CR-001"].Reason);
        Assert.DoesNotContain("82,5%", results["CR-001"].Reason);

        // Commendation candidates: Excellent with enough responses, best first; warnings from consecutive low quarters.
        var commendations = await evaluator.GetFromJsonAsync<ResultView[]>($"/api/evaluations/{id}/commendations", Json);
        Assert.Equal(["CR-008", "CR-004", "CR-005"], commendations!.Select(r => r.StaffCode));
        var warnings = await evaluator.GetFromJsonAsync<ResultView[]>($"/api/evaluations/{id}/warnings", Json);
        Assert.Equal("CR-012", Assert.Single(warnings!).StaffCode);
        Assert.Contains("quý 2: 50,0%, n = 40; quý 3: 40,0%, n = 35", warnings![0].Warning);

        // Group 5 of Decision 766 covers the ward of the jurisdiction with its satisfaction and unresolved petitions.
        var group5 = await evaluator.GetFromJsonAsync<Group5Row[]>($"/api/evaluations/{id}/group5", Json);
        var ward = Assert.Single(group5!);
        Assert.Equal((400L, 0.825m, 3), (ward.Responses, ward.SatisfactionRate!.Value, ward.PetitionsUnresolved!.Value));

        // Rerunning the job with the same figures gives identical results (reentrant).
        await using (var db = app.NewDbContext())
        {
            var before = await db.EvaluationResults.AsNoTracking().Where(r => r.CycleId == id).OrderBy(r => r.OfficialId)
                .Select(r => new { r.OfficialId, r.Score, r.ProposedLevel, r.Reason, r.Components }).ToListAsync();
            var resultIds = await db.EvaluationResults.Where(r => r.CycleId == id).Select(r => r.Id.ToString()).ToListAsync();
            var audited = await db.AuditEntries.CountAsync(a => a.EntityType == nameof(EvaluationResult) && resultIds.Contains(a.EntityId!));
            await RunJobAsync(WithCases(app, cases), id);
            Assert.Equal(audited, await db.AuditEntries.CountAsync(a => a.EntityType == nameof(EvaluationResult) && resultIds.Contains(a.EntityId!)));
            var after = await db.EvaluationResults.AsNoTracking().Where(r => r.CycleId == id).OrderBy(r => r.OfficialId)
                .Select(r => new { r.OfficialId, r.Score, r.ProposedLevel, r.Reason, r.Components }).ToListAsync();
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public async Task The_cycle_page_shows_progress_links_printable_sheets_and_escapes_names()
    {
        var wardB = await UnitIdAsync(app, WardB);
        await using (var db = app.NewDbContext())
        {
            var centre = await db.Agencies.SingleAsync(a => a.Code == $"{WardB}-TTPVHCC");
            db.Officials.Add(new Official { AgencyId = centre.Id, StaffCode = "HP-050", FullName = "Võ <script>x</script> Tài", Position = "Công chức",
                ActiveFrom = new DateOnly(2024, 1, 1) });
            await db.SaveChangesAsync();
        }
        var o = await OfficialIdsAsync(app);
        await AddRollupsAsync(app, Year(SubjectKind.Official, o["HP-050"], 60, 57), Year(SubjectKind.Official, o["HP-006"], 90, 60));
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var id = await CreateCycleAsync(admin, wardB);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/evaluations/{id}/compute", null)).StatusCode);
        await RunJobAsync(app, id);

        var page = await (await admin.GetAsync($"/staff/evaluations/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("http-equiv=\"refresh\"", page);
        Assert.Contains("đã tính 11/11 người", page);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", page);
        Assert.DoesNotContain("<script>", page);

        var sheet = await admin.GetAsync($"/staff/evaluations/{id}/sheets/{o["HP-050"]}");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var html = await sheet.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);
        // The print rules live in the staff stylesheet the page links: one A4 page per person's sheet.
        var stylesheet = System.Text.RegularExpressions.Regex.Match(html, "<link rel=\"stylesheet\" href=\"(/css/staff\\.[0-9a-f]+\\.css)\"").Groups[1].Value;
        var css = await admin.GetStringAsync(stylesheet);
        Assert.Contains("@media print", css);
        Assert.Contains("@page sheet{size:A4", css);
        Assert.Contains("<article class=\"sheet\">", html);
        Assert.Contains("Phiếu đề xuất xếp loại chất lượng năm 2025", text);
        Assert.Contains("Tỷ lệ hài lòng 95,0% (n = 60", text);
        Assert.DoesNotContain("<script>", html);
        // An official of another ward is not on this cycle's sheets.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/staff/evaluations/{id}/sheets/{o["CR-005"]}")).StatusCode);

        var home = await (await admin.GetAsync("/staff")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/staff/evaluations\"", home);
    }
}
