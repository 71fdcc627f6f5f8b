namespace HaiLong.Api.Features.Evaluations;

/// <summary>How the feedback cases about one subject were handled in a year.</summary>
/// <param name="Total">Cases (kiến nghị, phản ánh, khiếu nại, tố cáo) about the subject filed in the year that have come due: answered, or still open past their deadline.</param>
/// <param name="Answered">Of those, answered.</param>
/// <param name="AnsweredOnTime">Of those, answered within the statutory deadline.</param>
/// <param name="Unresolved">Filed in the year and not yet answered.</param>
public sealed record CaseHandlingFigures(int Total, int Answered, int AnsweredOnTime, int Unresolved);

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
