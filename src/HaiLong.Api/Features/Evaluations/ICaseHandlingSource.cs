using HaiLong.Api.Features.Cases;
using System.Text.Json.Serialization;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>How the feedback cases about one subject were handled in a year.</summary>
/// <param name="Total">Cases (kiến nghị, phản ánh, khiếu nại, tố cáo) about the subject filed in the year that have come due:
/// answered, or still open past their deadline.</param>
/// <param name="Answered">Of those, answered.</param>
/// <param name="AnsweredOnTime">Of those, answered within the statutory deadline.</param>
/// <param name="Unresolved">Filed in the year and not yet answered.</param>
/// <param name="Group5">A ward's petitions and reflections apart from complaints and denunciations; null for agencies and officials.</param>
public sealed record CaseHandlingFigures(int Total, int Answered, int AnsweredOnTime, int Unresolved, Group5Cases? Group5 = null);

/// <summary>
/// A ward's cases filed in the year as group 5 ("Mức độ hài lòng") of Decision 766/QĐ-TTg counts them: petitions and reflections
/// (kiến nghị, phản ánh), late past the 15 working days of <see cref="CaseDeadlines"/>, apart from complaints and denunciations
/// (khiếu nại, tố cáo), which the index does not count. Stored in frozen snapshots: only counts, the rates are worked out from them.
/// </summary>
/// <param name="PetitionsReceived">Petitions and reflections filed in the year.</param>
/// <param name="PetitionsComeDue">Of those, answered or open past their deadline.</param>
/// <param name="PetitionsOnTime">Answered on or before their deadline.</param>
/// <param name="PetitionsLate">Answered after their deadline, or open past it.</param>
/// <param name="PetitionsUnresolved">Not answered yet.</param>
/// <param name="PetitionsDissatisfiedOrLate">Late, or their filer answered "không hài lòng".</param>
/// <param name="ComplaintsReceived">Complaints and denunciations filed in the year.</param>
/// <param name="ComplaintsUnresolved">Of those, not answered yet.</param>
public sealed record Group5Cases(int PetitionsReceived, int PetitionsComeDue, int PetitionsOnTime, int PetitionsLate, int PetitionsUnresolved,
    int PetitionsDissatisfiedOrLate, int ComplaintsReceived, int ComplaintsUnresolved)
{
    public static Group5Cases From(CaseNumbersByFamily n)
    {
        var (p, c) = (n.PetitionsAndReflections, n.ComplaintsAndDenunciations);
        return new(p.Filed, p.ComeDue, p.AnsweredOnTime, n.PetitionsLate, p.Filed - p.Answered, n.PetitionsDissatisfiedOrLate,
            c.Filed, c.Filed - c.Answered);
    }

    /// <summary>"Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn": on time among those come due; null when none has.</summary>
    [JsonIgnore] public decimal? OnTimeRate => Rate(PetitionsOnTime, PetitionsComeDue);

    /// <summary>"Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị": received less the dissatisfied or late, among those received.</summary>
    [JsonIgnore] public decimal? SatisfiedRate => Rate(PetitionsReceived - PetitionsDissatisfiedOrLate, PetitionsReceived);

    private static decimal? Rate(int part, int whole) =>
        whole == 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The feedback-cases capability's figures, as the evaluation reads them (<see cref="CaseHandlingFromCases"/>). Without
/// a registered source every subject's case component is "không đủ dữ liệu" (never a zero).
/// Subjects are (Official, id), (Agency, id) or (Unit, ward id).
/// </summary>
public interface ICaseHandlingSource
{
    Task<IReadOnlyDictionary<(SubjectKind Kind, int Id), CaseHandlingFigures>> GetAsync(
        IReadOnlyCollection<(SubjectKind Kind, int Id)> subjects, int year, CancellationToken ct);
}
