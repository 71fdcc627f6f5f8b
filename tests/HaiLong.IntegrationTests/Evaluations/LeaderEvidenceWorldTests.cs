using HaiLong.Api.Features.Evaluations;
using HaiLong.TestSupport;
using System.Security.Cryptography;
using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>
/// Issue 18, each body on its own evidence, in a small real world: ward Cái Răng's yearly survey answered on sampled slips,
/// on the open QR and in three bursts (not decided, counted, excluded by the board), service answers, and the job's stored
/// proposals checked against numbers worked out by hand. The cycle covers one ward, so every peer share is the ward's own
/// rate and shrinkage changes nothing: points = 100 × satisfied / n, to two decimals.
/// </summary>
public sealed class LeaderEvidenceWorldTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static readonly DateTimeOffset InYear = VietnamTime.At(EvalYear, 6, 15, 9);

    /// <summary>n answers each scoring the council and the committee question as given (and overall 4).</summary>
    private static IEnumerable<ResponseSpec> Yearly(int unitId, int n, short council, short committee) =>
        Enumerable.Range(0, n).Select(i => new ResponseSpec(unitId, InYear.AddMinutes(i), new Dictionary<string, short?>
        {
            [Criteria.GovernmentCouncil] = council, [Criteria.GovernmentCommittee] = committee, [Criteria.Overall] = 4,
        }));

    private async Task<long[]> WriteYearlyAsync(IEnumerable<ResponseSpec> specs, InvitationKind kind, long? heldBy = null)
    {
        var list = specs.ToList();
        long[] ids;
        await using (var conn = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            var survey = (await SurveyQuestions.LatestAsync(conn, "ward-annual"))!;
            ids = await ResponseRows.WriteAsync(conn, survey, list, pending: false);
        }
        await using var db = app.NewDbContext();
        var versionId = await db.Responses.Where(r => r.Id == ids[0]).Select(r => r.SurveyVersionId).SingleAsync();
        // A sampled slip is answered once: one invitation each. The open QR is one invitation for everybody.
        var invitations = Enumerable.Range(0, kind == InvitationKind.AnnualSample ? ids.Length : 1).Select(_ => new Invitation
        {
            TokenHash = RandomNumberGenerator.GetBytes(32), Kind = kind, SurveyVersionId = versionId, UnitId = list[0].UnitId,
            Year = EvalYear, CreatedAt = InYear.AddDays(-30),
        }).ToList();
        db.Invitations.AddRange(invitations);
        await db.SaveChangesAsync();
        for (var i = 0; i < ids.Length; i++)
        {
            var invitation = invitations[Math.Min(i, invitations.Count - 1)].Id;
            await db.Responses.Where(r => r.Id == ids[i])
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.InvitationId, invitation).SetProperty(r => r.HeldByReviewItemId, heldBy));
        }
        return ids;
    }

    private async Task<long> BurstAsync(int unitId, string key, HeldResponsesVerdict? verdict)
    {
        await using var db = app.NewDbContext();
        var item = new ReviewItem
        {
            Kind = ReviewItemKind.ResponseBurst, UnitId = unitId, SubjectKind = SubjectKind.Unit, SubjectId = unitId,
            Summary = "Nhiều phiếu từ một địa chỉ mạng trong thời gian ngắn", DedupKey = $"burst:test:{key}", CreatedAt = InYear,
            Verdict = verdict,
        };
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    [Fact]
    public async Task The_chairs_are_proposed_on_their_bodies_answers_as_computed_by_hand()
    {
        var ward = await UnitIdAsync(app, WardA);
        var agencies = await AgencyIdsAsync(app);
        // Sampled slips: 40 answers; council 32 satisfied (5) and 8 not (2); committee 30 satisfied (4) and 10 not (3).
        await WriteYearlyAsync(Yearly(ward, 30, 5, 4).Concat(Yearly(ward, 2, 5, 3)).Concat(Yearly(ward, 8, 2, 3)), InvitationKind.AnnualSample);
        // Open QR, no burst: 20 answers; council 15 satisfied (5), 5 not (1); committee 10 satisfied (4), 10 not (2).
        await WriteYearlyAsync(Yearly(ward, 10, 5, 4).Concat(Yearly(ward, 5, 5, 2)).Concat(Yearly(ward, 5, 1, 2)), InvitationKind.Annual);
        // Three bursts on the open QR: 10 not decided (all 5), 10 counted by the board (all 1), 5 excluded (all 5).
        await WriteYearlyAsync(Yearly(ward, 10, 5, 5), InvitationKind.Annual, await BurstAsync(ward, "undecided", null));
        await WriteYearlyAsync(Yearly(ward, 10, 1, 1), InvitationKind.Annual, await BurstAsync(ward, "counted", HeldResponsesVerdict.Counted));
        await WriteYearlyAsync(Yearly(ward, 5, 5, 5), InvitationKind.Annual, await BurstAsync(ward, "excluded", HeldResponsesVerdict.Excluded));
        // The service survey (a form of purpose Service, no invitation needed): 60 answers, 45 satisfied.
        await new ResponseWriter(app.ConnectionString).InsertManyAsync(Enumerable.Range(0, 60).Select(i =>
            new ResponseSpec(ward, InYear.AddHours(i), new Dictionary<string, short?> { [Criteria.Overall] = (short)(i < 45 ? 4 : 2) })));
        // The service centre's own year, as the rollup job would have folded it: 100 answers, 85 satisfied.
        await AddRollupsAsync(app, Year(SubjectKind.Agency, agencies[$"{WardA}-TTPVHCC"], 100, 85));
        var cases = new Dictionary<(SubjectKind, int), CaseHandlingFigures> { [(SubjectKind.Unit, ward)] = new(1, 1, 1, 0) };

        await using (var db = app.NewDbContext())
        {
            // THE RULE: of the ward's 85 yearly answers (40 + 20 + 10 + 10 + 5) the 15 held (10 not decided, 5 excluded) do not count.
            var yearly = db.Responses.Where(r => r.UnitId == ward && r.InvitationId != null);
            Assert.Equal((85, 70), (await yearly.CountAsync(), await yearly.CountedInEvaluations(db.ReviewItems).CountAsync()));
        }

        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        var id = await CreateCycleAsync(evaluator, ward);
        await RunJobAsync(WithCases(app, cases), id);
        var results = (await GetAsync(evaluator, id)).Content.Results.ToDictionary(r => r.StaffCode);

        // Version 1 counts sampled and open answers.
        // HĐND chair: council = sampled 40 (32) + open 20 (15) + counted burst 10 (0) = 47 / 70 → 67.14; held 10 + 5 = 15;
        //   one petition (n = 1 < 10) left out; no targets → 67.14 → Hoàn thành nhiệm vụ.
        // UBND chair: committee = 40 (30) + 20 (10) + 10 (0) = 40 / 70 → 57.14; service 45 / 60 → 75.00;
        //   (25·57.14 + 25·75) / 50 = 3303.5 / 50 = 66.07 → Hoàn thành nhiệm vụ.
        // Service-centre director: the centre's 85 / 100 → 85.00; no case figures, no targets → 85.00 → Hoàn thành tốt nhiệm vụ.
        Assert.Equal("yearly.government.council 67.14 40/30/15 | cases — | targets —", Parts(results["CR-001"]));
        Assert.Equal((67.14m, EvaluationLevel.Completed), (results["CR-001"].Score, results["CR-001"].ProposedLevel));
        Assert.Equal("yearly.government.committee 57.14 40/30/15 | service 75.00 | cases — | targets —", Parts(results["CR-002"]));
        Assert.Equal((66.07m, EvaluationLevel.Completed), (results["CR-002"].Score, results["CR-002"].ProposedLevel));
        Assert.Equal("satisfaction 85.00 | cases — | targets —", Parts(results["CR-004"]));
        Assert.Equal((85.00m, EvaluationLevel.Good), (results["CR-004"].Score, results["CR-004"].ProposedLevel));
        Assert.Contains("40 phiếu phát theo mẫu, 30 phiếu qua mã QR công khai, 15 phiếu bị tạm giữ (không tính)", results["CR-001"].Reason);

        // The sheet shows the table the policy gives each role and where the answers came from.
        var sheet = await (await evaluator.GetAsync($"/staff/evaluations/{id}/sheets/{results["CR-002"].OfficialId}")).Content.ReadAsStringAsync();
        Assert.Contains("Chủ tịch UBND", sheet);
        Assert.Contains("khảo sát hằng năm, câu hỏi “Ủy ban nhân dân phường” (50%)", sheet);

        // A policy counting only sampled slips: a bad table is refused first, nothing is added.
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var refused = await admin.PostAsJsonAsync("/api/evaluations/policies", Policy(new object[]
        {
            new { role = "PeoplesCouncil", sources = new object[] { new { source = "YearlySurvey", criterion = "official.attitude", share = 100 } } },
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("yearly survey's criteria", await refused.Content.ReadAsStringAsync());
        var created = await admin.PostAsJsonAsync("/api/evaluations/policies", Policy(null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var policy = (await created.Content.ReadFromJsonAsync<PolicyView>(Json))!;
        Assert.Equal((2, YearlyAnswersCounted.SampledOnly), (policy.Version, policy.YearlyAnswers));
        Assert.Equal(["PeoplesCouncil", "PeoplesCommittee", "ServiceCentre", "PublicServiceUnit", "Other"],
            policy.LeaderEvidence!.Select(r => r.Role.ToString()));

        // Freeze, start a new version (it takes the latest policy), compute.
        Assert.Equal(HttpStatusCode.OK, (await evaluator.PostAsync($"/api/evaluations/{id}/freeze", null)).StatusCode);
        var next = (await (await evaluator.PostAsync($"/api/evaluations/{id}/versions", null)).Content.ReadFromJsonAsync<CycleResponse>(Json))!;
        Assert.Equal(2, next.PolicyVersion);
        await RunJobAsync(WithCases(app, cases), next.Id);
        results = (await GetAsync(evaluator, next.Id)).Content.Results.ToDictionary(r => r.StaffCode);

        // Sampled only: council 40 < 50 and committee 40 < 50 are not counted (shown with their n);
        // HĐND chair: nothing counts → Không đủ dữ liệu; UBND chair: service 75.00 alone → Hoàn thành tốt nhiệm vụ.
        Assert.Equal("yearly.government.council — 40/30/15 open not counted | cases — | targets —", Parts(results["CR-001"]));
        Assert.Equal((null, null), (results["CR-001"].Score, results["CR-001"].ProposedLevel));
        Assert.Contains("Không đủ dữ liệu để đề xuất", results["CR-001"].Reason);
        Assert.Equal("yearly.government.committee — 40/30/15 open not counted | service 75.00 | cases — | targets —", Parts(results["CR-002"]));
        Assert.Equal((75.00m, EvaluationLevel.Good), (results["CR-002"].Score, results["CR-002"].ProposedLevel));
        Assert.Equal(40, results["CR-001"].Components[0].N);
    }

    private static string Parts(ResultView r) => string.Join(" | ", r.Components.Select(c =>
        $"{c.Key} {(c.Points is { } p ? p.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "—")}"
        + (c.Sources is { } s ? $" {s.Sampled}/{s.Open}/{s.Held}" + (s.OpenCounted ? "" : " open not counted") : "")));

    private static object Policy(object[]? leaderEvidence) => new
    {
        basis = "Chỉ tính phiếu phát theo mẫu", officialSatisfactionWeight = 70, officialCasesWeight = 30, leaderSatisfactionWeight = 50,
        leaderCasesWeight = 25, leaderTargetsWeight = 25, excellentFrom = 90, goodFrom = 70, completedFrom = 50, minimumResponses = 50,
        shrinkageStrength = 20, warningBelowRate = 0.6, warningConsecutiveQuarters = 2, minimumQuarterResponses = 30,
        yearlyAnswers = "SampledOnly", leaderEvidence,
    };
}
