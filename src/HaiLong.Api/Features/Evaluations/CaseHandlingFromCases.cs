using HaiLong.Api.Features.Cases;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// The evaluation's case component, read from the feedback-cases capability's own numbers (<see cref="CaseStatistics"/>),
/// so the yearly sheet and the scorecards can never disagree about on-time handling.
/// </summary>
public sealed class CaseHandlingFromCases(HaiLongDbContext db, CaseStatistics statistics) : ICaseHandlingSource
{
    public async Task<IReadOnlyDictionary<(SubjectKind Kind, int Id), CaseHandlingFigures>> GetAsync(
        IReadOnlyCollection<(SubjectKind Kind, int Id)> subjects, int year, CancellationToken ct)
    {
        var agencyIds = subjects.Where(s => s.Kind == SubjectKind.Agency).Select(s => s.Id).ToList();
        var officialIds = subjects.Where(s => s.Kind == SubjectKind.Official).Select(s => s.Id).ToList();
        var agencyWard = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.UnitId, ct);
        var officialWard = await db.Officials.AsNoTracking().Where(o => officialIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Agency.UnitId }).ToDictionaryAsync(o => o.Id, o => o.UnitId, ct);
        var wards = subjects.Where(s => s.Kind == SubjectKind.Unit).Select(s => s.Id)
            .Concat(agencyWard.Values).Concat(officialWard.Values).Distinct();

        var result = new Dictionary<(SubjectKind, int), CaseHandlingFigures>();
        var wanted = subjects.ToHashSet();
        foreach (var ward in wards)
        {
            if (await statistics.ForUnitAsync(ward, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ct) is not { } stats) continue;
            if (wanted.Contains((SubjectKind.Unit, ward)))
            {
                result[(SubjectKind.Unit, ward)] = Figures(stats.Unit) with { Group5 = Group5Cases.From(stats.UnitByFamily) };
            }
            foreach (var s in stats.Agencies.Concat(stats.Officials))
            {
                if (wanted.Contains((s.Kind, s.Id))) result[(s.Kind, s.Id)] = Figures(s.Numbers);
            }
        }
        // A subject with no case at all is a known zero, not missing data.
        var known = wanted.Where(s => !result.ContainsKey(s)
            && (s.Kind == SubjectKind.Unit || agencyWard.ContainsKey(s.Id) || officialWard.ContainsKey(s.Id)));
        foreach (var s in known)
        {
            result[s] = new CaseHandlingFigures(0, 0, 0, 0, s.Kind == SubjectKind.Unit ? new Group5Cases(0, 0, 0, 0, 0, 0, 0, 0) : null);
        }
        return result;
    }

    // Only cases that have come due count: an open case filed last week is neither on time nor late yet.
    private static CaseHandlingFigures Figures(CaseNumbers n) =>
        new(n.ComeDue, n.Answered, n.AnsweredOnTime, n.Filed - n.Answered);
}
