using Microsoft.Extensions.Time.Testing;
using HaiLong.Api.Features.Scorecards;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Scorecards;

public sealed class ScoresTests
{
    private static Tally Histogram(long s1, long s2, long s3, long s4, long s5)
    {
        var n = s1 + s2 + s3 + s4 + s5;
        var sum = s1 + 2 * s2 + 3 * s3 + 4 * s4 + 5 * s5;
        var squares = s1 + 4 * s2 + 9 * s3 + 16 * s4 + 25 * s5;
        return new Tally(n, sum, squares, s1, s2, s3, s4, s5);
    }

    [Fact]
    public void Rate_is_the_share_of_4_and_5_and_mean_is_the_average_score()
    {
        var score = Scores.Of(Histogram(5, 5, 10, 20, 10), minimumToShow: 30);
        Assert.True(score.Enough);
        Assert.Equal(50, score.N);
        Assert.Equal(0.6, score.Rate!.Value, 10);
        Assert.Equal((5 + 10 + 30 + 80 + 50) / 50.0, score.Mean!.Value, 10);
    }

    [Fact]
    public void Below_the_minimum_there_is_no_number_to_show()
    {
        var score = Scores.Of(Histogram(0, 0, 0, 10, 19), minimumToShow: 30);
        Assert.False(score.Enough);
        Assert.Equal(29, score.N);
        Assert.Null(score.Rate);
        Assert.Null(score.Mean);
        Assert.Null(score.Low);
        Assert.Equal("chưa đủ số phiếu", Score.NotEnoughVi);
    }

    [Theory]
    // Reference values of the 95% Wilson interval (z = 1.96).
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(15, 30, 0.3315, 0.6685)]
    public void Wilson_interval_matches_reference_values(long successes, long n, double low, double high)
    {
        var (l, h) = Scores.Wilson(successes, n);
        Assert.Equal(low, l, 3);
        Assert.Equal(high, h, 3);
        Assert.InRange(l, 0, 1);
        Assert.InRange(h, 0, 1);
    }

    [Fact]
    public void Shrinkage_pulls_a_small_sample_to_the_peer_mean_and_leaves_a_large_one_near_its_rate()
    {
        var small = Scores.Shrunk(satisfied: 0, n: 1, peerRate: 0.8, priorStrength: 20);
        var large = Scores.Shrunk(satisfied: 500, n: 1000, peerRate: 0.8, priorStrength: 20);
        Assert.InRange(small, 0.75, 0.8);
        Assert.InRange(large, 0.5, 0.51);
        Assert.Equal(0.8, Scores.Shrunk(0, 0, 0.8, 20), 10);
    }

    [Fact]
    public void Ranking_leaves_out_subjects_under_the_minimum_and_orders_by_shrunk_score()
    {
        var subjects = new[]
        {
            ("tiny but perfect", Histogram(0, 0, 0, 0, 5)),
            ("good", Histogram(1, 1, 2, 20, 26)),
            ("poor", Histogram(10, 10, 10, 10, 10)),
            ("excellent", Histogram(0, 0, 1, 10, 39)),
        };
        var ranked = Scores.Rank(subjects, minimumToShow: 30, priorStrength: 20);
        Assert.Equal(["excellent", "good", "poor"], ranked.Select(r => r.Subject));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Periods_start_at_the_local_month_quarter_and_year()
    {
        var day = new DateOnly(2026, 8, 17);
        Assert.Equal(new DateOnly(2026, 8, 1), Period.Containing(PeriodKind.Month, day).Start);
        Assert.Equal(new DateOnly(2026, 7, 1), Period.Containing(PeriodKind.Quarter, day).Start);
        Assert.Equal(new DateOnly(2026, 1, 1), Period.Containing(PeriodKind.Year, day).Start);
        Assert.Equal("Quý 3/2026", Period.Containing(PeriodKind.Quarter, day).LabelVi);
    }

    [Fact]
    public void Parsing_a_period_rejects_unknown_kinds_and_dates()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 16, 59, 50, TimeSpan.Zero));
        Assert.Null(Period.Parse("week", null, clock));
        Assert.Null(Period.Parse("day", null, clock));
        Assert.Null(Period.Parse("month", "2026-13-01", clock));
        Assert.Equal(new Period(PeriodKind.Quarter, new DateOnly(2026, 4, 1)), Period.Parse("quarter", "2026-05", clock));
    }
}
