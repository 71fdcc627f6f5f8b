using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>
/// The evaluation world with the clock at 23:59:50 Vietnam time on 31 December: the year's last ratings, folded seconds
/// before it ends, are what this year's evaluation counts.
/// </summary>
public sealed class EvaluationYearEndTests
{
    [Fact]
    public async Task An_evaluation_computed_in_the_last_seconds_of_the_year_counts_the_ratings_of_that_day()
    {
        await using var app = await HaiLongApp.StartAtAsync(HaiLongApp.YearEnd);
        var world = await ScorecardWorld.SeedAsync(app);
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);

        var id = await CreateCycleAsync(evaluator, world.Ids.WardA, year: 2026);
        Assert.Equal(HttpStatusCode.Accepted, (await evaluator.PostAsync($"/api/evaluations/{id}/compute", null)).StatusCode);
        await RunJobAsync(app, id);

        var detail = await GetAsync(evaluator, id);
        Assert.Equal(EvaluationStatus.Computed, detail.Cycle.Status);
        var result = detail.Content.Results.Single(r => r.OfficialId == world.GoodOfficial);
        // All 40 ratings of 31 December count (fewer than the 50 an evaluation needs, and said so).
        Assert.Contains("Tỷ lệ hài lòng 100,0% (n = 40,", result.Reason);
        Assert.Equal(new DateOnly(2026, 12, 31), DateOnly.FromDateTime(detail.Cycle.ComputedAt!.Value.ToOffset(TimeSpan.FromHours(7)).DateTime));
    }
}
