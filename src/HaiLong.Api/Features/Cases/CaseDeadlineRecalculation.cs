using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Cases;

/// <summary>
/// When the public holidays change, the working-day deadlines still running are counted again from the day each one started,
/// so a case filed before a holiday was added gets the extra day it is owed (or loses one that is no longer a holiday).
/// Deadlines already passed by their step (a case accepted, answered, rejected or closed) keep the date they had: they are
/// the record the statistics and evaluations count against.
/// </summary>
public sealed class CaseDeadlineRecalculation(HaiLongDbContext db, IOptions<CaseOptions> options)
{
    /// <summary>Recounts every running deadline with <paramref name="holidays"/>; saves nothing (the caller saves in one
    /// transaction with the holiday change). Returns the number of cases whose deadline moved.</summary>
    public async Task<int> RecountRunningAsync(IReadOnlySet<DateOnly> holidays, CancellationToken ct)
    {
        var o = options.Value;
        var running = await db.Cases
            .Where(c => c.Status != CaseStatus.Rejected && c.Status != CaseStatus.Closed && c.AnsweredAt == null)
            .Where(c => (c.Status == CaseStatus.Received && c.AcceptDueOn != null) || c.AnswerDueOn != null)
            .Select(c => new
            {
                Case = c,
                c.Unit.IsRemoteArea,
                // A reopened case's answer period runs again from its latest reopening (CaseWorkflow.ReopenAsync).
                LastReopened = c.Events.Where(e => e.Action == CaseEventActions.Reopened || e.Action == CaseEventActions.ReopenedByCitizen)
                    .Max(e => (DateTimeOffset?)e.At),
            })
            .ToListAsync(ct);
        var moved = 0;
        foreach (var r in running)
        {
            var c = r.Case;
            var before = (c.AcceptDueOn, c.AnswerDueOn);
            if (c.Status == CaseStatus.Received && c.AcceptDueOn is not null)
            {
                c.AcceptDueOn = CaseDeadlines.AcceptDue(c.Type, VietnamTime.DateOf(c.FiledAt), o, holidays);
            }
            if (c.AnswerDueOn is not null)
            {
                var from = r.LastReopened ?? (CaseDeadlines.AnswerRunsFromFiling(c.Type) ? c.FiledAt : c.AcceptedAt);
                if (from is { } start)
                {
                    c.AnswerDueOn = CaseDeadlines.AnswerDue(c.Type, VietnamTime.DateOf(start), c.IsComplex, r.IsRemoteArea, o, holidays);
                }
            }
            if (before != (c.AcceptDueOn, c.AnswerDueOn)) moved++;
        }
        return moved;
    }
}
