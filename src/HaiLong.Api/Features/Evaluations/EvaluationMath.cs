using System.Globalization;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// The arithmetic of the yearly evaluation, pure so it can be checked by hand. Interval statistics are shared with the
/// scorecards (<see cref="Scorecards.Scores"/>); only what must be exact in decimal lives here.
/// </summary>
public static class EvaluationMath
{
    /// <summary>
    /// Beta-binomial shrinkage toward the peer mean: (successes + k·peerMean) / (n + k). The decimal twin of
    /// <see cref="Scorecards.Scores.Shrunk"/>: an evaluation sheet must reproduce a hand computation to the last digit.
    /// The Wilson interval is <see cref="Scorecards.Scores.Wilson"/>.
    /// </summary>
    public static decimal Shrink(long successes, long n, decimal peerMean, decimal k) =>
        n + k == 0 ? peerMean : (successes + k * peerMean) / (n + k);

    /// <summary>Points on the 100-point scale, to two decimals (half away from zero) so a hand computation gives the same figure.</summary>
    public static decimal Points(decimal share) => Math.Round(100 * share, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Weighted mean of the usable components only: a component without data is left out and the others are re-weighted,
    /// never counted as zero. Null when no component is usable.
    /// </summary>
    public static decimal? Combine(IEnumerable<(decimal Weight, decimal? Points)> components)
    {
        var usable = components.Where(c => c.Points is not null && c.Weight > 0).ToList();
        var weight = usable.Sum(c => c.Weight);
        if (weight == 0) return null;
        return Math.Round(usable.Sum(c => c.Weight * c.Points!.Value) / weight, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>A score equal to a lower bound reaches that level.</summary>
    public static EvaluationLevel Level(decimal score, EvaluationPolicy policy) =>
        score >= policy.ExcellentFrom ? EvaluationLevel.Excellent
        : score >= policy.GoodFrom ? EvaluationLevel.Good
        : score >= policy.CompletedFrom ? EvaluationLevel.Completed
        : EvaluationLevel.NotCompleted;

    /// <summary>Attainment of one "at least" target: achieved ÷ target, capped at 1; a zero target is met by anything.</summary>
    public static decimal Attainment(decimal target, decimal? achieved)
    {
        if (achieved is not { } a) return 0;
        if (target <= 0) return 1;
        return Math.Clamp(a / target, 0, 1);
    }

    public static string LevelVi(EvaluationLevel level) => level switch
    {
        EvaluationLevel.Excellent => "Hoàn thành xuất sắc nhiệm vụ",
        EvaluationLevel.Good => "Hoàn thành tốt nhiệm vụ",
        EvaluationLevel.Completed => "Hoàn thành nhiệm vụ",
        _ => "Không hoàn thành nhiệm vụ",
    };

    /// <summary>Vietnamese number format: comma as the decimal separator, no grouping (figures here stay small).</summary>
    public static string Vi(decimal value, int decimals = 1) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture).Replace('.', ',');

    public static string Vi(double value, int decimals = 1) => Vi((decimal)value, decimals);

    /// <summary>A share as a Vietnamese percentage, e.g. 0.924 → "92,4%".</summary>
    public static string Percent(decimal share) => Vi(100 * share) + "%";

    public static string Percent(double share) => Vi(100 * share) + "%";
}
