namespace HaiLong.Data.Entities;

/// <summary>
/// Sufficient statistics of one criterion for one procedure as rated in one unit (the ward rated and each of its ancestors)
/// in one month, quarter or year. Kept apart from <see cref="Rollup"/>, whose subject is a single id: a ward's per-procedure
/// scorecard must count only that ward's responses.
/// </summary>
public sealed class ProcedureRollup
{
    public int UnitId { get; set; }
    public int ProcedureId { get; set; }
    public PeriodKind PeriodKind { get; set; }
    public DateOnly PeriodStart { get; set; }
    public required string Criterion { get; set; }
    public RollupStats Stats { get; set; } = new();
}
