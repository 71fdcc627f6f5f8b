using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

/// <summary>
/// How the yearly evaluation turns figures into a proposed level. Never edited: a change is a new version, so a cycle
/// keeps the exact policy it was computed with.
/// </summary>
public sealed class EvaluationPolicy : IAudited
{
    public int Id { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Basis { get; set; }

    public decimal OfficialSatisfactionWeight { get; set; }
    public decimal OfficialCasesWeight { get; set; }
    public decimal LeaderSatisfactionWeight { get; set; }
    public decimal LeaderCasesWeight { get; set; }
    public decimal LeaderTargetsWeight { get; set; }

    /// <summary>Lower bounds on the 100-point scale; a score equal to a bound reaches that level.</summary>
    public decimal ExcellentFrom { get; set; }
    public decimal GoodFrom { get; set; }
    public decimal CompletedFrom { get; set; }

    /// <summary>Responses a subject needs in the year before its satisfaction is used at all.</summary>
    public int MinimumResponses { get; set; }

    /// <summary>
    /// Cases that must have come due in the year before the case component is used: without it one answered petition
    /// decided a leader's level through re-weighting (issue 18).
    /// </summary>
    public int MinimumCasesDue { get; set; } = 10;

    /// <summary>Targets with a reported achieved value needed before the targets component is used.</summary>
    public int MinimumTargetsReported { get; set; } = 1;

    /// <summary>k of the beta-binomial shrinkage: how many "peer-average" responses are added to each subject.</summary>
    public decimal ShrinkageStrength { get; set; }

    /// <summary>
    /// A quarter counts towards a warning when its satisfaction rate is below this share, with at least <see cref="MinimumQuarterResponses"/>.
    /// </summary>
    public decimal WarningBelowRate { get; set; }
    public int WarningConsecutiveQuarters { get; set; }
    public int MinimumQuarterResponses { get; set; }

    /// <summary>
    /// What each leader role (the kind of agency a leader heads) draws its satisfaction from: a JSON array of
    /// <c>{ role, sources: [{ source, criterion?, share }] }</c>, read and checked by the evaluation capability
    /// (<c>LeaderEvidenceTable</c>). Each body is rated on its own evidence (issue 18).
    /// </summary>
    public string LeaderEvidence { get; set; } = DefaultLeaderEvidence;

    /// <summary>Which yearly-survey answers an evaluation counts: from sampled single-use slips only, or also from the open QR.</summary>
    public YearlyAnswersCounted YearlyAnswers { get; set; } = YearlyAnswersCounted.SampledAndOpen;

    /// <summary>
    /// Version 1's table: the HĐND chair on the yearly survey's People's Council question, the UBND chair half on its People's
    /// Committee question and half on the ward's service satisfaction, every other head on their agency.
    /// </summary>
    public const string DefaultLeaderEvidence =
        """[{"role":"PeoplesCouncil","sources":[{"source":"YearlySurvey","criterion":"government.council","share":100}]},"""
        + """{"role":"PeoplesCommittee","sources":[{"source":"YearlySurvey","criterion":"government.committee","share":50},"""
        + """{"source":"WardService","share":50}]},"""
        + """{"role":"ServiceCentre","sources":[{"source":"Agency","share":100}]},"""
        + """{"role":"PublicServiceUnit","sources":[{"source":"Agency","share":100}]},"""
        + """{"role":"Other","sources":[{"source":"Agency","share":100}]}]""";
}

/// <summary>Where one part of a leader's satisfaction comes from (a row of <see cref="EvaluationPolicy.LeaderEvidence"/>).</summary>
[JsonConverter(typeof(NamedEnumConverter<EvidenceSource>))]
public enum EvidenceSource
{
    /// <summary>One question (criterion) of the yearly survey of the ward government, answers read one by one.</summary>
    YearlySurvey,
    /// <summary>The ward's overall satisfaction from the service survey (transaction and counter QRs), answers read one by one.</summary>
    WardService,
    /// <summary>The leader's own agency's overall satisfaction (its yearly rollup).</summary>
    Agency,
    /// <summary>The ward's overall satisfaction with every kind of answer mixed (its yearly rollup): the rule before issue 18.</summary>
    Ward,
}

/// <summary>Which yearly-survey answers an evaluation counts (issue 18). Answers held by a burst never count until the board counts them.</summary>
[JsonConverter(typeof(NamedEnumConverter<YearlyAnswersCounted>))]
public enum YearlyAnswersCounted
{
    /// <summary>
    /// Answers from single-use sampled slips (<see cref="InvitationKind.AnnualSample"/>) and from the open QR
    /// (<see cref="InvitationKind.Annual"/>).
    /// </summary>
    SampledAndOpen,
    /// <summary>Only answers from single-use sampled slips: each is one person once.</summary>
    SampledOnly,
}

[JsonConverter(typeof(NamedEnumConverter<EvaluationStatus>))]
public enum EvaluationStatus
{
    Draft,
    Queued,
    Computing,
    Computed,
    Frozen,
}

[JsonConverter(typeof(NamedEnumConverter<EvaluationLevel>))]
public enum EvaluationLevel
{
    Excellent,
    Good,
    Completed,
    NotCompleted,
}

/// <summary>One version of the yearly evaluation of a jurisdiction. Once frozen, only its snapshot speaks for it.</summary>
public sealed class EvaluationCycle : IAudited
{
    public long Id { get; set; }
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public int Year { get; set; }
    public int Version { get; set; }
    public long? PreviousVersionId { get; set; }
    public int PolicyId { get; set; }
    public EvaluationPolicy Policy { get; set; } = null!;
    public EvaluationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ComputedAt { get; set; }
    public DateTimeOffset? FrozenAt { get; set; }
    public Guid? FrozenBy { get; set; }

    /// <summary>JSON of the figures the last computation read besides the per-person ones: peer means and the group-5 rows per ward.</summary>
    public string? Inputs { get; set; }

    /// <summary>Canonical JSON of every result, the policy and the inputs; exports of a frozen cycle are rendered from it alone.</summary>
    public string? Snapshot { get; set; }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <see cref="Snapshot"/>.</summary>
    public string? SnapshotHash { get; set; }
}

/// <summary>
/// Progress of the computation job. Kept apart from the audited cycle: it changes once per person and says nothing a
/// reviewer needs to trace.
/// </summary>
public sealed class EvaluationProgress
{
    public long CycleId { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A unit's target for the year from its council's resolution, with what was achieved and the evidence.</summary>
public sealed class EvaluationTarget : IAudited
{
    public long Id { get; set; }
    public long CycleId { get; set; }
    public EvaluationCycle Cycle { get; set; } = null!;
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public required string Title { get; set; }
    public decimal TargetValue { get; set; }
    public decimal? AchievedValue { get; set; }
    public string? Evidence { get; set; }
}

/// <summary>Decision 766/QĐ-TTg group-5 figures HaiLong does not track itself (the one-stop system's dossiers), entered per ward.</summary>
public sealed class EvaluationDossierFigures : IAudited
{
    public long CycleId { get; set; }
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public int DossiersTotal { get; set; }
    public int DossiersOverdue { get; set; }
    public required string Source { get; set; }
}

/// <summary>The computed proposal for one official in one cycle, with the evaluator's note.</summary>
public sealed class EvaluationResult : IAudited
{
    public long Id { get; set; }
    public long CycleId { get; set; }
    public int OfficialId { get; set; }
    public Official Official { get; set; } = null!;
    public bool IsLeader { get; set; }

    /// <summary>JSON array of the components (name, weight, points or null when not usable, reason).</summary>
    public required string Components { get; set; }
    public decimal? Score { get; set; }
    public EvaluationLevel? ProposedLevel { get; set; }
    public required string Reason { get; set; }
    public bool CommendationCandidate { get; set; }
    public string? Warning { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? NotedAt { get; set; }
    public Guid? NotedBy { get; set; }
}
