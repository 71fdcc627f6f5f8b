using DocumentFormat.OpenXml.Packaging;
using HaiLong.Api.Features.Scorecards;

namespace HaiLong.IntegrationTests.Scorecards;

public sealed class ScorecardApiTests(HaiLongApp app) : IClassFixture<HaiLongApp>, IAsyncLifetime
{
    private ScorecardWorld _world = null!;

    public async Task InitializeAsync() => _world = await ScorecardWorld.OncePerClassAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_overview_names_the_weakest_criterion_and_the_lowest_rated_official()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var overview = await client.GetFromJsonAsync<WardOverview>($"/api/scorecards/units/{_world.Ids.WardA}?{_world.Query}");

        Assert.NotNull(overview);
        Assert.Equal(85, overview.Overall.N);
        // 40 satisfied with the good official and 5 with the official who has too few answers to be shown.
        Assert.Equal(45.0 / 85, overview.Overall.Rate!.Value, 6);
        Assert.Equal(Criteria.ResultTimeliness, overview.WeakestCriterion!.Criterion);
        Assert.Equal(5.0 / 85, overview.WeakestCriterion.Rate!.Value, 6);
        Assert.Equal(_world.BadOfficial, overview.LowestOfficial!.Id);
        var few = overview.Officials.Single(o => o.Id == _world.FewOfficial);
        Assert.False(few.Enough);
        Assert.Null(few.Rate);
        Assert.Null(few.Rank);
        Assert.Equal(1, overview.Officials.Single(o => o.Id == _world.GoodOfficial).Rank);
        // Ward A (53% satisfied) ranks below ward B (100%) among the province's wards.
        Assert.Equal(2, overview.Rank.Rank);
        Assert.Equal(2, overview.Rank.Ranked);
    }

    [Fact]
    public async Task The_procedure_view_counts_only_the_wards_own_responses()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var procedures = await client.GetFromJsonAsync<ProcedureScorecard>($"/api/scorecards/units/{_world.Ids.WardA}/procedures?{_world.Query}");

        Assert.Equal("Phường Cái Răng", procedures!.Scope);
        // Ward B's 35 ratings of the same procedure are not counted in ward A.
        Assert.Equal(40, procedures.Procedures.Single(p => p.Id == _world.Ids.Procedures[0]).N);
        Assert.Equal(40, procedures.Procedures.Single(p => p.Id == _world.Ids.Procedures[1]).N);
        Assert.Equal(1.0, procedures.Procedures.Single(p => p.Id == _world.Ids.Procedures[0]).Rate);
        await using var db = app.NewDbContext();
        Assert.Equal(75, db.Rollups.Single(r => r.SubjectKind == SubjectKind.Procedure && r.SubjectId == _world.Ids.Procedures[0]
            && r.PeriodKind == PeriodKind.Month && r.PeriodStart == Period.Containing(PeriodKind.Month, _world.LocalDay).Start
            && r.Criterion == Criteria.Overall).Stats.Count);
    }

    [Fact]
    public async Task A_ward_leader_cannot_read_another_wards_scorecard_or_export()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var wardB = _world.Ids.WardB;
        foreach (var url in new[]
        {
            $"/api/scorecards/units/{wardB}", $"/api/scorecards/units/{wardB}/officials", $"/api/scorecards/units/{wardB}/procedures",
            $"/api/scorecards/units/{wardB}/trend", $"/api/scorecards/units/{wardB}/comments",
            $"/api/scorecards/units/{wardB}/export?format=csv", $"/api/scorecards/units/{wardB}/export?view=officials&format=xlsx",
            $"/api/scorecards/officials/{_world.Ids.OfficialsB[1]}", $"/api/scorecards/officials/{_world.Ids.OfficialsB[1]}/export?format=xlsx",
            $"/staff/scorecards/units/{wardB}", $"/staff/scorecards/officials/{_world.Ids.OfficialsB[1]}",
        })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(ScorecardWorld.WardBComment, await response.Content.ReadAsStringAsync());
        }
        var units = await client.GetFromJsonAsync<ScorecardUnit[]>("/api/scorecards/units");
        Assert.Equal([_world.Ids.WardA], units!.Select(u => u.Id));
        var comments = await client.GetFromJsonAsync<CommentItem[]>($"/api/scorecards/units/{_world.Ids.WardA}/comments");
        Assert.DoesNotContain(comments!, c => c.Comment == ScorecardWorld.WardBComment);
        Assert.Contains(comments!, c => c.Comment == ScorecardWorld.ScriptComment);
    }

    [Fact]
    public async Task Only_scorecard_roles_may_read_and_only_administrators_may_run_the_rollups()
    {
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/scorecards/units/{_world.Ids.WardA}")).StatusCode);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync($"/api/scorecards/units/{_world.Ids.WardA}")).StatusCode);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync("/api/scorecards/rollups/run", null)).StatusCode);

        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var run = await admin.PostAsync("/api/scorecards/rollups/run", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var accepted = await run.Content.ReadFromJsonAsync<RollupRunAccepted>();
        Assert.False(string.IsNullOrEmpty(accepted!.JobId));
        // The administrator sees both wards of the province.
        var units = await admin.GetFromJsonAsync<ScorecardUnit[]>("/api/scorecards/units");
        Assert.Equal(2, units!.Length);
    }

    [Fact]
    public async Task Bad_periods_and_export_options_are_400_problems()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        foreach (var url in new[]
        {
            $"/api/scorecards/units/{_world.Ids.WardA}?period=week", $"/api/scorecards/units/{_world.Ids.WardA}?date=2026-02-30",
            $"/api/scorecards/units/{_world.Ids.WardA}/export?format=pdf", $"/api/scorecards/units/{_world.Ids.WardA}/export?view=everything",
            $"/api/scorecards/units/{_world.Ids.WardA}/comments?take=1000",
        })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Exports_are_utf8_csv_with_bom_and_xlsx_with_vietnamese_headers()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var csv = await client.GetByteArrayAsync($"/api/scorecards/units/{_world.Ids.WardA}/export?view=overview&format=csv&{_world.Query}");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv.Take(3));
        var text = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        Assert.StartsWith("Tiêu chí,Số phiếu,Tỷ lệ hài lòng (%)", text);
        Assert.Contains("Kết quả đúng hẹn,85,5.9,", text);

        var official = Encoding.UTF8.GetString(
            await client.GetByteArrayAsync($"/api/scorecards/officials/{_world.BadOfficial}/export?format=csv&{_world.Query}"));
        Assert.Contains("Mức độ hài lòng chung,40,0,", official);

        var officials = await client.GetByteArrayAsync($"/api/scorecards/units/{_world.Ids.WardA}/export?view=officials&format=csv&{_world.Query}");
        Assert.Contains("chưa đủ số phiếu", Encoding.UTF8.GetString(officials));

        var response = await client.GetAsync($"/api/scorecards/units/{_world.Ids.WardA}/export?view=officials&format=xlsx&{_world.Query}");
        Assert.Equal(Workbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>()
            .Select(c => c.InnerText).ToList();
        Assert.Contains("Cán bộ, công chức", cells);
        Assert.Contains("Tỷ lệ hài lòng (%)", cells);
        Assert.Contains(cells, c => c.Contains("Ngọc Lan") || c.Contains("Thanh Sơn") || c.Contains("Quốc Bảo"));

        await using var db = app.NewDbContext();
        var exported = await db.AuditEntries.Where(a => a.Action == "scorecards.exported").Select(a => a.Details!).ToListAsync();
        Assert.Contains(exported, d => d.Contains("\"officials\"") && d.Contains("\"xlsx\""));
    }

    [Fact]
    public async Task A_low_monthly_score_raises_one_alert_for_the_inspection_board_however_often_the_job_runs()
    {
        var job = app.Services.CreateScope().ServiceProvider.GetRequiredService<RollupJob>();
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);

        await using var db = app.NewDbContext();
        var key = $"alert:Official:{_world.BadOfficial}:{_world.LocalDay:yyyy-MM}";
        var alerts = await db.ReviewItems.Where(r => r.Kind == ReviewItemKind.LowScoreAlert).ToListAsync();
        var alert = Assert.Single(alerts);
        Assert.Equal(key, alert.DedupKey);
        Assert.Equal(_world.Ids.WardA, alert.UnitId);
        Assert.Equal(SubjectKind.Official, alert.SubjectKind);

        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var overview = await client.GetFromJsonAsync<WardOverview>($"/api/scorecards/units/{_world.Ids.WardA}?{_world.Query}");
        Assert.Contains(overview!.Alerts, a => a.Id == alert.Id);
        var page = await (await app.CookieClientAsync(DemoUsers.WardLeaderA)).GetStringAsync($"/staff/scorecards/units/{_world.Ids.WardA}?{_world.Query}");
        Assert.Contains("Cảnh báo điểm thấp", page);
        Assert.Contains(PageEncoded(alert.Summary), page);

        // Issue 18: 62 of 104 is 59.615…%: below a 60% threshold unrounded, and printed to one decimal, never "60% … dưới ngưỡng 60%".
        var agencyId = await db.Officials.Where(o => o.Id == _world.BadOfficial).Select(o => o.AgencyId).SingleAsync();
        var near = new Official
        {
            AgencyId = agencyId, StaffCode = "ALERT-596", FullName = "Trần Thị Sát Ngưỡng", Position = "Công chức", ActiveFrom = new DateOnly(2024, 1, 1),
        };
        db.Officials.Add(near);
        await db.SaveChangesAsync();
        var month = new DateOnly(_world.LocalDay.Year, _world.LocalDay.Month, 1);
        // 42 answers of 1 and 62 of 4: sum 42 + 248 = 290, squares 42 + 992 = 1034.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO rollups (subject_kind, subject_id, period_kind, period_start, criterion,
                                 count, sum, sum_squares, score1, score2, score3, score4, score5)
            VALUES ('Official', {near.Id}, 'Month', {month}, {Criteria.Overall}, 104, 290, 1034, 42, 0, 0, 62, 0)
            """);
        await job.RunAsync(CancellationToken.None);
        var nearAlert = await db.ReviewItems.SingleAsync(r => r.Kind == ReviewItemKind.LowScoreAlert && r.SubjectId == near.Id);
        Assert.Contains("là 59,6% trên 104 phiếu, dưới ngưỡng 60%.", nearAlert.Summary);
    }

    [Fact]
    public async Task The_dashboard_page_escapes_comments_and_draws_the_trend_as_inline_svg()
    {
        var client = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        var page = await client.GetStringAsync($"/staff/scorecards/units/{_world.Ids.WardA}?{_world.Query}");
        Assert.DoesNotContain("<script>window.__xss", page);
        Assert.Contains("&lt;script&gt;window.__xss=1;alert(&#x27;xss&#x27;)&lt;/script&gt;", page);
        Assert.Contains("<svg", page);
        Assert.Contains(PageEncoded("Kết quả đúng hẹn"), page);
    }

    [Fact]
    public async Task The_dashboard_shows_how_the_wards_cases_were_handled_in_the_period()
    {
        var filedAt = new DateTimeOffset(_world.LocalDay.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(7));
        await using (var db = app.NewDbContext())
        {
            db.Cases.Add(new Case
            {
                TrackingCode = "SCORECARD2", Type = CaseType.Petition, Status = CaseStatus.Answered, UnitId = _world.Ids.WardA,
                SubjectKind = SubjectKind.Unit, Content = "Đèn đường hỏng.", Channel = "test", FiledAt = filedAt,
                AnsweredAt = filedAt.AddDays(3), AnswerDueOn = DateOnly.FromDateTime(filedAt.AddDays(21).Date),
            });
            await db.SaveChangesAsync();
        }

        var page = System.Net.WebUtility.HtmlDecode(await (await app.CookieClientAsync(DemoUsers.WardLeaderA))
            .GetStringAsync($"/staff/scorecards/units/{_world.Ids.WardA}?{_world.Query}"));

        Assert.Contains("Giải quyết kiến nghị, phản ánh", page);
        Assert.Matches(@"<td>1</td>\s*<td>1</td>\s*<td>100,0%</td>\s*<td>3,0</td>\s*<td>0</td>", page);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_scorecard_and_disclosure_operations()
    {
        var json = await app.AnonymousClient().GetStringAsync("/openapi/v1.json");
        string[] operations =
            ["GetWardScorecard", "GetOfficialScorecard", "ExportWardScorecard", "RunRollups", "GetPublicWardResults", "GetPublicWardResultsCsv"];
        foreach (var operation in operations)
        {
            Assert.Contains($"\"{operation}\"", json);
        }
    }

    /// <summary>Text as the pages write it: HTML-encoded, Vietnamese letters as themselves (the app's encoder allows all of Unicode).</summary>
    private static string PageEncoded(string text) =>
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);
}
