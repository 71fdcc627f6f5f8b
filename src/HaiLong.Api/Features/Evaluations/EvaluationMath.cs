using System.Globalization;
using HaiLong.Data.Entities;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// The arithmetic of the yearly evaluation, pure so it can be checked by hand. The scorecards capability has its own
/// versions of Wilson and shrinkage; the two are to be merged when both land.
/// </summary>
public static class EvaluationMath
{
    /// <summary>Two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>95% Wilson score interval of a proportion; (0, 0) when there are no observations.</summary>
    public static (double Low, double High) Wilson(long successes, long n)
    {
        if (n <= 0) return (0, 0);
        var p = (double)successes / n;
        var z2 = Z95 * Z95;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Beta-binomial shrinkage toward the peer mean: (successes + k·peerMean) / (n + k).</summary>
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
