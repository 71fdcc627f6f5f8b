namespace HaiLong.Data.Entities;

/// <summary>
/// The sufficient statistics of one criterion over a set of answers: how many, their sum and sum of squares, and how many
/// of each score 1–5. Every score (rate, mean, interval, shrinkage) is computed from these at read time. One complex type
/// for <see cref="Rollup"/> and <see cref="ProcedureRollup"/>, stored in the owning row's own columns (count, sum,
/// sum_squares, score1…score5), so the fold's SQL and the schema speak of the same columns as before.
/// </summary>
public sealed class RollupStats
{
    public long Count { get; set; }
    public long Sum { get; set; }
    public long SumSquares { get; set; }
    public long Score1 { get; set; }
    public long Score2 { get; set; }
    public long Score3 { get; set; }
    public long Score4 { get; set; }
    public long Score5 { get; set; }
}
