using System.ComponentModel;
using System.Text.Json.Serialization;

namespace HaiLong.Api.Features.Cases;

[Description("Complaint-handling numbers of one subject over a period of filing dates.")]
public sealed record CaseNumbers(
    [property: Description("Cases filed in the period")] int Filed,
    [property: Description("Cases answered (or rejected, which answers them) so far")] int Answered,
    [property: Description("Answered on or before their deadline")] int AnsweredOnTime,
    [property: Description("Still open and already past their deadline")] int OverdueOpen,
    [property: Description("AnsweredOnTime / (Answered + OverdueOpen); null when nothing is due yet")] double? OnTimeShare,
    [property: Description("Median calendar days from filing to answer; null when none answered")] double? MedianDaysToAnswer)
{
    /// <summary>Answered, or open past the deadline: the cases that can be judged on time or late.</summary>
    [JsonIgnore] public int ComeDue => Answered + OverdueOpen;
}

public sealed record SubjectCaseNumbers(SubjectKind Kind, int Id, string Name, CaseNumbers Numbers);

[Description("The unit's numbers by family of case, as group 5 of Decision 766/QĐ-TTg counts petitions and reflections alone.")]
public sealed record CaseNumbersByFamily(
    [property: Description("Petitions and reflections (kiến nghị, phản ánh), due 15 working days after receipt")] CaseNumbers PetitionsAndReflections,
    [property: Description("Petitions and reflections whose filer answered 'không hài lòng', or answered late, or open past their deadline")]
    int PetitionsDissatisfiedOrLate,
    [property: Description("Petitions and reflections answered after their deadline, or open past it")] int PetitionsLate,
    [property: Description("Complaints and denunciations (khiếu nại, tố cáo), under their own laws")] CaseNumbers ComplaintsAndDenunciations);

public sealed record CaseStatisticsResponse(int UnitId, string UnitName, DateOnly From, DateOnly To, CaseNumbers Unit,
    SubjectCaseNumbers[] Agencies, SubjectCaseNumbers[] Officials, CaseNumbersByFamily UnitByFamily);

/// <summary>One case as the numbers see it.</summary>
public sealed record CaseTiming(DateTimeOffset FiledAt, DateTimeOffset? AnsweredAt, DateOnly? DueOn, bool Open)
{
    /// <summary>Answered on or before the deadline that applied (none set: on time).</summary>
    public bool AnsweredOnTime => AnsweredAt is { } at && (DueOn is not { } due || VietnamTime.DateOf(at) <= due);

    /// <summary>Past its deadline: answered after it, or still open after it.</summary>
    public bool Late(DateOnly today) => AnsweredAt is not null ? !AnsweredOnTime : OverdueOpen(today);

    public bool OverdueOpen(DateOnly today) => Open && DueOn is { } due && today > due;
}

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
                c.SubjectAgencyId, c.SubjectOfficialId, c.FiledAt, c.Status, c.Type,
                // The filer's "không hài lòng" is kept by its event: a later answer asks the filer again and clears the flag.
                Dissatisfied = c.Events.Any(e => e.Action == CaseEventActions.ReopenedByCitizen),
                AnsweredAt = c.Status == CaseStatus.Rejected ? c.ClosedAt : c.AnsweredAt ?? (c.Status == CaseStatus.Closed ? c.ClosedAt : null),
                DueOn = c.Status == CaseStatus.Rejected ? c.AcceptDueOn ?? c.AnswerDueOn : c.AnswerDueOn ?? c.AcceptDueOn,
            })
            .ToListAsync(ct);
        var today = VietnamTime.Today(clock);
        var timings = rows.Select(r => (r.SubjectAgencyId, r.SubjectOfficialId, r.Type, r.Dissatisfied,
            T: new CaseTiming(r.FiledAt, r.AnsweredAt, r.DueOn, r.AnsweredAt is null))).ToList();
        var petitions = timings.Where(t => CaseFamilies.IsPetitionOrReflection(t.Type)).ToList();
        var byFamily = new CaseNumbersByFamily(
            Compute(petitions.Select(t => t.T), today),
            petitions.Count(t => t.Dissatisfied || t.T.Late(today)),
            petitions.Count(t => t.T.Late(today)),
            Compute(timings.Where(t => !CaseFamilies.IsPetitionOrReflection(t.Type)).Select(t => t.T), today));

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
        return new CaseStatisticsResponse(unit.Id, unit.Name, from, to, Compute(timings.Select(t => t.T), today), agencies, officials,
            byFamily);
    }

    public static CaseNumbers Compute(IEnumerable<CaseTiming> cases, DateOnly today)
    {
        var list = cases.ToList();
        var answered = list.Where(c => c.AnsweredAt is not null).ToList();
        var onTime = answered.Count(c => c.AnsweredOnTime);
        var overdueOpen = list.Count(c => c.OverdueOpen(today));
        var denominator = answered.Count + overdueOpen;
        var days = answered.Select(c => (c.AnsweredAt!.Value - c.FiledAt).TotalDays).Order().ToList();
        double? median = days.Count == 0 ? null
            : Math.Round(days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2, 1);
        return new CaseNumbers(list.Count, answered.Count, onTime, overdueOpen,
            denominator == 0 ? null : Math.Round((double)onTime / denominator, 4), median);
    }
}
