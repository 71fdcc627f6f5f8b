using System.ComponentModel;

namespace HaiLong.Api.Features.Cases;

[Description("Complaint-handling numbers of one subject over a period of filing dates.")]
public sealed record CaseNumbers(
    [property: Description("Cases filed in the period")] int Filed,
    [property: Description("Cases answered (or rejected, which answers them) so far")] int Answered,
    [property: Description("Answered on or before their deadline")] int AnsweredOnTime,
    [property: Description("Still open and already past their deadline")] int OverdueOpen,
    [property: Description("AnsweredOnTime / (Answered + OverdueOpen); null when nothing is due yet")] double? OnTimeShare,
    [property: Description("Median calendar days from filing to answer; null when none answered")] double? MedianDaysToAnswer);

public sealed record SubjectCaseNumbers(SubjectKind Kind, int Id, string Name, CaseNumbers Numbers);

public sealed record CaseStatisticsResponse(int UnitId, string UnitName, DateOnly From, DateOnly To, CaseNumbers Unit,
    SubjectCaseNumbers[] Agencies, SubjectCaseNumbers[] Officials);

/// <summary>One case as the numbers see it.</summary>
public sealed record CaseTiming(DateTimeOffset FiledAt, DateTimeOffset? AnsweredAt, DateOnly? DueOn, bool Open);

/// <summary>
/// Share answered on time and median days to answer, per ward, agency and official: the scorecards and the yearly evaluation
/// read these. A case counts towards the share once it is answered or overdue; open cases not yet due are left out.
/// </summary>
public sealed class CaseStatistics(HaiLongDbContext db, TimeProvider clock)
{
    /// <summary>Numbers for the unit's subtree, its agencies and officials, for cases filed between the two dates (inclusive).</summary>
    public async Task<CaseStatisticsResponse?> ForUnitAsync(int unitId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null) return null;
        var start = VietnamTime.StartOf(from);
        var end = VietnamTime.StartOf(to.AddDays(1));
        var rows = await db.Cases.AsNoTracking()
            .Where(c => c.Unit.Path.StartsWith(unit.Path) && c.FiledAt >= start && c.FiledAt < end)
            .Select(c => new
            {
                c.SubjectAgencyId, c.SubjectOfficialId, c.FiledAt, c.Status,
                AnsweredAt = c.Status == CaseStatus.Rejected ? c.ClosedAt : c.AnsweredAt ?? (c.Status == CaseStatus.Closed ? c.ClosedAt : null),
                DueOn = c.Status == CaseStatus.Rejected ? c.AcceptDueOn ?? c.AnswerDueOn : c.AnswerDueOn ?? c.AcceptDueOn,
            })
            .ToListAsync(ct);
        var today = VietnamTime.Today(clock);
        var timings = rows.Select(r => (r.SubjectAgencyId, r.SubjectOfficialId, T: new CaseTiming(r.FiledAt, r.AnsweredAt, r.DueOn, r.AnsweredAt is null))).ToList();

        var agencyNames = await db.Agencies.AsNoTracking().Where(a => a.Unit.Path.StartsWith(unit.Path))
            .ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var officialNames = await db.Officials.AsNoTracking().Where(o => o.Agency.Unit.Path.StartsWith(unit.Path))
            .ToDictionaryAsync(o => o.Id, o => o.FullName, ct);
        var agencies = timings.Where(t => t.SubjectAgencyId is not null).GroupBy(t => t.SubjectAgencyId!.Value)
            .Select(g => new SubjectCaseNumbers(SubjectKind.Agency, g.Key, agencyNames.GetValueOrDefault(g.Key, ""), Compute(g.Select(x => x.T), today)))
            .OrderBy(s => s.Name).ToArray();
        var officials = timings.Where(t => t.SubjectOfficialId is not null).GroupBy(t => t.SubjectOfficialId!.Value)
            .Select(g => new SubjectCaseNumbers(SubjectKind.Official, g.Key, officialNames.GetValueOrDefault(g.Key, ""), Compute(g.Select(x => x.T), today)))
            .OrderBy(s => s.Name).ToArray();
        return new CaseStatisticsResponse(unit.Id, unit.Name, from, to, Compute(timings.Select(t => t.T), today), agencies, officials);
    }

    public static CaseNumbers Compute(IEnumerable<CaseTiming> cases, DateOnly today)
    {
        var list = cases.ToList();
        var answered = list.Where(c => c.AnsweredAt is not null).ToList();
        var onTime = answered.Count(c => c.DueOn is not { } due || VietnamTime.DateOf(c.AnsweredAt!.Value) <= due);
        var overdueOpen = list.Count(c => c.Open && c.DueOn is { } due && today > due);
        var denominator = answered.Count + overdueOpen;
        var days = answered.Select(c => (c.AnsweredAt!.Value - c.FiledAt).TotalDays).Order().ToList();
        double? median = days.Count == 0 ? null
            : Math.Round(days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2, 1);
        return new CaseNumbers(list.Count, answered.Count, onTime, overdueOpen,
            denominator == 0 ? null : Math.Round((double)onTime / denominator, 4), median);
    }
}
