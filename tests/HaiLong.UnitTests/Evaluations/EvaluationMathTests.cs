using HaiLong.Api.Features.Scorecards;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Evaluations;

public sealed class EvaluationMathTests
{
    private static readonly EvaluationPolicy Policy = new() { Basis = "test", ExcellentFrom = 90, GoodFrom = 70, CompletedFrom = 50 };

    [Fact]
    public void Wilson_interval_of_170_out_of_200_matches_the_textbook_formula()
    {
        var (low, high) = Scores.Wilson(170, 200);
        Assert.Equal(0.793944, low, 6);
        Assert.Equal(0.892864, high, 6);
    }

    [Fact]
    public void Wilson_interval_stays_inside_zero_and_one_at_the_extremes()
    {
        var (low, high) = Scores.Wilson(10, 10);
        Assert.True(low > 0.69 && low < 0.73);
        Assert.Equal(1.0, high, 12);
        Assert.Equal((0.0, 1.0), Scores.Wilson(0, 0));
    }

    [Fact]
    public void Shrinkage_pulls_a_small_sample_toward_the_peer_mean()
    {
        // (74 + 20·0.8) / (80 + 20) = 90 / 100
        Assert.Equal(0.9m, EvaluationMath.Shrink(74, 80, 0.8m, 20));
        // One very satisfied citizen alone cannot lift a subject far above the peers: (1 + 20·0.8) / 21
        Assert.Equal(17m / 21m, EvaluationMath.Shrink(1, 1, 0.8m, 20));
        Assert.Equal(0.75m, EvaluationMath.Shrink(3, 4, 0.8m, 0));
    }

    [Fact]
    public void Components_without_data_are_left_out_and_the_rest_re_weighted()
    {
        Assert.Equal(66.67m, EvaluationMath.Combine([(70m, null), (30m, 66.67m)]));
        Assert.Equal(89.19m, EvaluationMath.Combine([(70m, 84.55m), (30m, 100m)]));
        Assert.Equal(85m, EvaluationMath.Combine([(50m, null), (25m, 75m), (25m, 95m)]));
        Assert.Null(EvaluationMath.Combine([(70m, null), (30m, null)]));
    }

    [Theory]
    [InlineData(90.00, EvaluationLevel.Excellent)]
    [InlineData(89.99, EvaluationLevel.Good)]
    [InlineData(70.00, EvaluationLevel.Good)]
    [InlineData(69.99, EvaluationLevel.Completed)]
    [InlineData(50.00, EvaluationLevel.Completed)]
    [InlineData(49.99, EvaluationLevel.NotCompleted)]
    public void A_score_equal_to_a_threshold_reaches_that_level(double score, EvaluationLevel expected) =>
        Assert.Equal(expected, EvaluationMath.Level((decimal)score, Policy));

    [Fact]
    public void Attainment_is_capped_at_one_and_an_unreported_target_counts_zero()
    {
        Assert.Equal(0.8m, EvaluationMath.Attainment(90, 72));
        Assert.Equal(1m, EvaluationMath.Attainment(90, 95));
        Assert.Equal(0m, EvaluationMath.Attainment(100, null));
        Assert.Equal(1m, EvaluationMath.Attainment(0, 0));
    }

    [Fact]
    public void Numbers_are_written_the_Vietnamese_way()
    {
        Assert.Equal("92,4%", EvaluationMath.Percent(0.924m));
        Assert.Equal("89,19", EvaluationMath.Vi(89.185m, 2));
        Assert.Equal("79,4", EvaluationMath.Vi(79.394420715833, 1));
        Assert.Equal("Hoàn thành xuất sắc nhiệm vụ", EvaluationMath.LevelVi(EvaluationLevel.Excellent));
    }
}
