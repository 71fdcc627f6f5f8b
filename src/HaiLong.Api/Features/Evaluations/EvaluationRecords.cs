using System.ComponentModel;

namespace HaiLong.Api.Features.Evaluations;

public sealed record CreateCycleRequest(
    [property: Required, Description("Jurisdiction evaluated: a ward, or a province for all its wards")] int? UnitId,
    [property: Required, Range(2020, 2100)] int? Year,
    [property: Description("Id of the policy version to compute with (GET /api/evaluations/policies); the latest when absent")] int? PolicyId = null);

public sealed record CycleResponse(
    long Id, int UnitId, string UnitName, int Year, int Version, long? PreviousVersionId, int PolicyId, int PolicyVersion,
    EvaluationStatus Status, int ProgressDone, int ProgressTotal, DateTimeOffset? ComputedAt, DateTimeOffset? FrozenAt, string? SnapshotHash);

public sealed record CycleDetailResponse(CycleResponse Cycle, EvaluationSnapshot Content);

public sealed record CreatePolicyRequest(
    [property: Required, MaxLength(2000), Description("Why this version: the resolution or decision it follows")] string Basis,
    [property: Required, Range(0, 100)] decimal? OfficialSatisfactionWeight,
    [property: Required, Range(0, 100)] decimal? OfficialCasesWeight,
    [property: Required, Range(0, 100)] decimal? LeaderSatisfactionWeight,
    [property: Required, Range(0, 100)] decimal? LeaderCasesWeight,
    [property: Required, Range(0, 100)] decimal? LeaderTargetsWeight,
    [property: Required, Range(0, 100), Description("Lower bound of Hoàn thành xuất sắc nhiệm vụ")] decimal? ExcellentFrom,
    [property: Required, Range(0, 100), Description("Lower bound of Hoàn thành tốt nhiệm vụ")] decimal? GoodFrom,
    [property: Required, Range(0, 100), Description("Lower bound of Hoàn thành nhiệm vụ")] decimal? CompletedFrom,
    [property: Required, Range(1, 100000), Description("Responses needed in the year to use a satisfaction rate")] int? MinimumResponses,
    [property: Required, Range(0, 100000), Description("k of the shrinkage toward the peer mean")] decimal? ShrinkageStrength,
    [property: Required, Range(0, 1)] decimal? WarningBelowRate,
    [property: Required, Range(2, 4)] int? WarningConsecutiveQuarters,
    [property: Required, Range(1, 100000)] int? MinimumQuarterResponses,
    [property: Range(1, 100000), Description("Cases come due in the year needed to use the case component; 10 when absent")] int? MinimumCasesDue = null,
    [property: Range(1, 1000), Description("Targets with a reported achieved value needed to use the targets component; 1 when absent")]
    int? MinimumTargetsReported = null,
    [property: MaxLength(16), Description("What each leader role draws its satisfaction from (one row per role; a role not listed draws from "
        + "its own agency); version 1's table when absent")] IReadOnlyList<LeaderEvidenceRow>? LeaderEvidence = null,
    [property: Description("Which yearly-survey answers count: sampled single-use slips only, or also the open QR; SampledAndOpen when absent")]
    YearlyAnswersCounted? YearlyAnswers = null);

public sealed record TargetRequest(
    [property: Required, Description("The ward whose council set the target")] int? UnitId,
    [property: Required, MaxLength(512)] string Title,
    [property: Required, Range(0, 1_000_000), Description("Value to reach (a share as 0–100, a count, or 1 for yes)")] decimal? TargetValue,
    [property: Range(0, 1_000_000)] decimal? AchievedValue = null,
    [property: MaxLength(2000), Description("Evidence: a document reference or a link")] string? Evidence = null);

public sealed record UpdateTargetRequest(
    [property: Range(0, 1_000_000), Description("Empty clears it")] decimal? AchievedValue = null,
    [property: MaxLength(2000), Description("Empty clears it")] string? Evidence = null);

public sealed record DossierFiguresRequest(
    [property: Required, Range(0, 10_000_000)] int? DossiersTotal,
    [property: Required, Range(0, 10_000_000)] int? DossiersOverdue,
    [property: Required, MaxLength(512), Description("Where the figures come from, e.g. the provincial one-stop system report")] string Source);

public sealed record NoteRequest([property: Required, MaxLength(2000)] string Note);

public sealed record FreezeResponse(long Id, DateTimeOffset FrozenAt, string SnapshotHash);
