namespace HaiLong.Api.Features.Scorecards;

/// <summary>Score policy (HaiLong:Scores). Defaults and why: docs/DEVELOPING.md, "Rollups and scorecards".</summary>
public sealed class ScorePolicy
{
    /// <summary>Below this many answers a score is shown as "chưa đủ số phiếu" and never ranked.</summary>
    public int MinimumToShow { get; set; } = 30;

    /// <summary>Prior strength k of the beta-binomial shrinkage: how many "virtual answers at the peer mean" a score starts with.</summary>
    public double PriorStrength { get; set; } = 20;

    /// <summary>An official whose monthly satisfaction rate falls below this (with at least MinimumToShow answers) raises an alert.</summary>
    public double AlertBelow { get; set; } = 0.6;
}

/// <summary>The sufficient statistics of a rollup (or a sum of rollups).</summary>
public readonly record struct Tally(long Count, long Sum, long SumSquares, long S1, long S2, long S3, long S4, long S5)
{
    public static Tally From(RollupStats r) => new(r.Count, r.Sum, r.SumSquares, r.Score1, r.Score2, r.Score3, r.Score4, r.Score5);

    public static Tally operator +(Tally a, Tally b) => new(a.Count + b.Count, a.Sum + b.Sum, a.SumSquares + b.SumSquares,
        a.S1 + b.S1, a.S2 + b.S2, a.S3 + b.S3, a.S4 + b.S4, a.S5 + b.S5);

    /// <summary>
    /// The one C# home of "satisfied": answers of 4 or 5. The satisfaction rate is Satisfied / Count (answers 1–5); SQL
    /// reads the same rule from <see cref="RollupSql.SatisfiedOfR"/>.
    /// </summary>
    public long Satisfied => S4 + S5;
}

/// <summary>A score as people read it: rate of 4–5, mean, n and a 95% Wilson interval; null numbers when n is below the minimum.</summary>
public sealed record Score(long N, double? Rate, double? Mean, double? Low, double? High, bool Enough)
{
    public const string NotEnoughVi = "chưa đủ số phiếu";
}

public static class Scores
{
    private const double Z95 = 1.959963984540054;

    public static Score Of(Tally t, int minimumToShow)
    {
        if (t.Count <= 0 || t.Count < minimumToShow) return new Score(Math.Max(t.Count, 0), null, null, null, null, false);
        var (low, high) = Wilson(t.Satisfied, t.Count);
        return new Score(t.Count, (double)t.Satisfied / t.Count, (double)t.Sum / t.Count, low, high, true);
    }

    /// <summary>95% Wilson score interval of a proportion; stays inside [0, 1] and behaves at 0 and n successes, unlike the normal approximation.</summary>
    public static (double Low, double High) Wilson(long successes, long n, double z = Z95)
    {
        if (n <= 0) return (0, 1);
        var p = (double)successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Beta-binomial posterior mean with a prior of strength k centred on the peer mean: a subject with few answers stays
    /// near its peers, one with many answers converges to its own rate.
    /// </summary>
    public static double Shrunk(long satisfied, long n, double peerRate, double priorStrength) =>
        n + priorStrength <= 0 ? peerRate : (satisfied + priorStrength * peerRate) / (n + priorStrength);

    /// <summary>Pooled rate of the peer group: all their 4–5 answers over all their answers.</summary>
    public static double PeerRate(IEnumerable<Tally> peers)
    {
        long satisfied = 0, n = 0;
        foreach (var p in peers)
        {
            satisfied += p.Satisfied;
            n += p.Count;
        }
        return n == 0 ? 0 : (double)satisfied / n;
    }

    /// <summary>
    /// Ranks subjects by shrunk score, best first; subjects under the minimum are left out (never ranked). Ties keep the
    /// caller's order so the ranking is stable.
    /// </summary>
    public static IReadOnlyList<(T Subject, double Shrunk, int Rank)> Rank<T>(IEnumerable<(T Subject, Tally Tally)> subjects,
        int minimumToShow, double priorStrength)
    {
        var list = subjects.ToList();
        var peerRate = PeerRate(list.Select(s => s.Tally));
        var ranked = list.Where(s => s.Tally.Count >= minimumToShow && s.Tally.Count > 0)
            .Select(s => (s.Subject, Shrunk: Shrunk(s.Tally.Satisfied, s.Tally.Count, peerRate, priorStrength)))
            .OrderByDescending(s => s.Shrunk)
            .ToList();
        return ranked.Select((s, i) => (s.Subject, s.Shrunk, i + 1)).ToList();
    }
}
