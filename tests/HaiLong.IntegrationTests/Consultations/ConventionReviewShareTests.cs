using HaiLong.Api.Features.Consultations;
using HaiLong.IntegrationTests.Evaluations;
using HaiLong.IntegrationTests.Scorecards;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The share of a ward's conventions reviewed this year, in a hand-made ward of five hamlets, with the clock at 23:59 on
/// 31 December 2026, Vietnam time: four conventions in force, three reviewed in 2026 (one of them on that last minute, recorded
/// without a date), one reviewed only last year, one approved but in force only from 1 January → 3 / 4 = 75 %. Two minutes later
/// it is 2027 in Vietnam (still 31 December in UTC): the new year starts at 0 of 5, and 2026 keeps its 75 %, which the
/// evaluation of 2026 proposes as the ward's unit target.
/// </summary>
public sealed class ConventionReviewShareTests
{
    private static readonly DateTimeOffset LastMinute = VietnamTime.At(2026, 12, 31, 23, 59);

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    [Fact]
    public async Task Three_of_four_reviewed_in_the_year_is_75_percent_shown_to_the_ward_and_proposed_to_its_evaluation()
    {
        await using var app = await HaiLongApp.StartAtAsync(LastMinute);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var (ward, hamlets) = await HandMadeWardAsync(app, admin);

        async Task<int> Register(int hamlet, string approvedOn, string effectiveFrom)
        {
            var response = await admin.PostAsJsonAsync("/api/conventions", new
            {
                unitId = hamlet, kind = "QuyUoc", title = $"Quy ước tổ {hamlet}", approvalDecision = $"{hamlet}/QĐ-UBND", approvedOn, effectiveFrom,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<ConventionDetail>(Json))!.Id;
        }
        async Task Review(int convention, string? reviewedOn) => Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync($"/api/conventions/{convention}/reviews", new { reviewedOn })).StatusCode);

        var reviewedInMay = await Register(hamlets[0], "2025-02-20", "2025-03-01");
        var reviewedLastYear = await Register(hamlets[1], "2023-12-20", "2024-01-01");
        var reviewedLastMinute = await Register(hamlets[2], "2024-01-20", "2024-02-01");
        var reviewedInFebruary = await Register(hamlets[3], "2026-01-05", "2026-01-10");
        var notYetInForce = await Register(hamlets[4], "2026-12-20", "2027-01-01");
        await Review(reviewedInMay, "2026-05-10");
        await Review(reviewedLastYear, "2025-11-20");
        await Review(reviewedLastMinute, null); // today, Vietnam time: 31 December (16:59 in UTC)
        await Review(reviewedInFebruary, "2026-02-02");
        await Review(notYetInForce, "2026-12-21");

        var share = await ShareAsync(admin, ward);
        Assert.Equal((2026, new DateOnly(2026, 12, 31), 4, 3, (decimal?)75m), (share.Year, share.AsOf, share.InForce, share.Reviewed, share.Percent));
        var page = await (await app.CookieClientAsync(DemoUsers.Administrator)).GetStringAsync($"/staff/conventions?unitId={ward}");
        Assert.Contains("3 / 4 hương ước, quy ước đã được rà soát năm 2026 — mục tiêu 100%", WebUtility.HtmlDecode(page));

        app.Clock.Advance(TimeSpan.FromMinutes(2)); // 00:01 on 1 January 2027 in Vietnam, 17:01 on 31 December in UTC
        var newYear = await ShareAsync(admin, ward);
        Assert.Equal((2027, 5, 0, (decimal?)0m), (newYear.Year, newYear.InForce, newYear.Reviewed, newYear.Percent));
        var lastYear = await ShareAsync(admin, ward, 2026);
        Assert.Equal((new DateOnly(2026, 12, 31), 4, 3, (decimal?)75m), (lastYear.AsOf, lastYear.InForce, lastYear.Reviewed, lastYear.Percent));

        // The 2026 evaluation of the ward proposes the register's share as a unit target, which the evaluator may correct.
        var cycle = await EvaluationWorld.CreateCycleAsync(admin, ward, year: 2026);
        await using var db = app.NewDbContext();
        var target = await db.EvaluationTargets.AsNoTracking().SingleAsync(t => t.CycleId == cycle && t.Title == ConventionReviewShare.TargetTitle);
        Assert.Equal((ward, 100m, (decimal?)75m), (target.UnitId, target.TargetValue, target.AchievedValue));
        Assert.Equal("Sổ hương ước, quy ước: 3/4 đã được rà soát, đánh giá năm 2026 (số liệu ngày 31/12/2026, HaiLong đề xuất).", target.Evidence);
        var corrected = await admin.PutAsJsonAsync($"/api/evaluations/{cycle}/targets/{target.Id}",
            new { achievedValue = 100, evidence = "Biên bản rà soát bổ sung của tổ 2" });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/evaluations/{cycle}/compute", null)).StatusCode);
        var after = await db.EvaluationTargets.AsNoTracking().Where(t => t.CycleId == cycle && t.Title == ConventionReviewShare.TargetTitle).ToListAsync();
        Assert.Equal((decimal?)100m, Assert.Single(after).AchievedValue); // computing proposes nothing twice and keeps the evaluator's value
    }

    private static async Task<ConventionReviewShareView> ShareAsync(HttpClient client, int ward, int? year = null) =>
        (await client.GetFromJsonAsync<ConventionReviewShareView>($"/api/conventions/review-share/{ward}{(year is null ? "" : $"?year={year}")}", Json))!;

    /// <summary>A ward of its own beside ward A, with five residential groups.</summary>
    private static async Task<(int Ward, int[] Hamlets)> HandMadeWardAsync(HaiLongApp app, HttpClient admin)
    {
        int parent;
        await using (var db = app.NewDbContext())
        {
            parent = await db.Units.Where(u => u.Code == DemoWorld.WardACode).Select(u => u.ParentId!.Value).SingleAsync();
        }
        async Task<int> Unit(string code, string name, string level, int parentId)
        {
            var response = await admin.PostAsJsonAsync("/api/units", new { code, name, level, parentId });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        }
        var ward = await Unit("CONV-SHARE", "Phường Rà Soát", "Ward", parent);
        var hamlets = new int[5];
        for (var i = 0; i < hamlets.Length; i++) hamlets[i] = await Unit($"CONV-SHARE-T{i + 1}", $"Tổ dân phố {i + 1}", "ResidentialGroup", ward);
        return (ward, hamlets);
    }
}
