using HaiLong.Api.Features.Scorecards;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// The parts of a proposal's score. Kept as text: frozen snapshots store them and their hash covers them, so the values
/// never change; the API document lists them.
/// </summary>
public static class EvaluationComponents
{
    public const string Satisfaction = "satisfaction";
    public const string Cases = "cases";
    public const string Targets = "targets";

    /// <summary>A leader's satisfaction from the ward's overall rollup, every kind of answer mixed (policies before issue 18).</summary>
    public const string Ward = "ward";

    /// <summary>A leader's satisfaction from the ward's service survey (transaction and counter QRs).</summary>
    public const string Service = "service";

    /// <summary>Prefix of a leader's satisfaction from one yearly-survey question: <c>yearly.government.council</c>.</summary>
    public const string YearlyPrefix = "yearly.";

    public static readonly IReadOnlyList<string> All =
        [Satisfaction, Cases, Targets, Ward, Service, .. LeaderEvidenceTable.YearlyCriteria.Select(c => YearlyPrefix + c)];

    /// <summary>The component a source of a leader's satisfaction becomes.</summary>
    public static string KeyOf(LeaderEvidenceSource s) => s.Source switch
    {
        EvidenceSource.YearlySurvey => YearlyPrefix + s.Criterion,
        EvidenceSource.WardService => Service,
        EvidenceSource.Ward => Ward,
        _ => Satisfaction,
    };

    /// <summary>Components that rate satisfaction (a commendation needs one of them counted).</summary>
    public static bool IsSatisfaction(string key) => key is not (Cases or Targets);
}

/// <summary>
/// Where a yearly-survey component's answers came from: counted sampled slips and open-QR answers, the answers a burst holds
/// (not decided or excluded; never counted), and whether the policy counted the open QR's answers.
/// </summary>
public sealed record AnswerSources(long Sampled, long Open, long Held, bool OpenCounted);

/// <summary>
/// One part of a proposal. N is the evidence it rests on (answers, cases come due, targets reported) and Minimum the
/// policy's minimum for it; below it Points is null and the part is not counted. Both are null in snapshots frozen before issue 18.
/// </summary>
public sealed record ComponentView([property: ClosedSet(typeof(EvaluationComponents), nameof(EvaluationComponents.All))] string Key,
    string Label, decimal Weight, decimal? Points, string Reason, long? N = null, int? Minimum = null, AnswerSources? Sources = null)
{
    /// <summary>Counted in the score: only these share the weight of the ones left out.</summary>
    [JsonIgnore] public bool Counted => Points is not null && Weight > 0;
}

public sealed record ResultView(
    int OfficialId, string StaffCode, string FullName, string Position, string Agency, string Unit, bool IsLeader,
    ComponentView[] Components, decimal? Score, EvaluationLevel? ProposedLevel, string? ProposedLevelVi, string Reason,
    bool CommendationCandidate, string? Warning, string? Note);

public sealed record PolicyView(
    int Id, int Version, string Basis,
    decimal OfficialSatisfactionWeight, decimal OfficialCasesWeight,
    decimal LeaderSatisfactionWeight, decimal LeaderCasesWeight, decimal LeaderTargetsWeight,
    decimal ExcellentFrom, decimal GoodFrom, decimal CompletedFrom,
    int MinimumResponses, decimal ShrinkageStrength,
    decimal WarningBelowRate, int WarningConsecutiveQuarters, int MinimumQuarterResponses,
    int MinimumCasesDue = 0, int MinimumTargetsReported = 0,
    LeaderEvidenceRow[]? LeaderEvidence = null, YearlyAnswersCounted? YearlyAnswers = null)
{
    public static PolicyView From(EvaluationPolicy p) => new(p.Id, p.Version, p.Basis,
        p.OfficialSatisfactionWeight, p.OfficialCasesWeight, p.LeaderSatisfactionWeight, p.LeaderCasesWeight, p.LeaderTargetsWeight,
        p.ExcellentFrom, p.GoodFrom, p.CompletedFrom, p.MinimumResponses, p.ShrinkageStrength,
        p.WarningBelowRate, p.WarningConsecutiveQuarters, p.MinimumQuarterResponses, p.MinimumCasesDue, p.MinimumTargetsReported,
        LeaderEvidenceTable.Parse(p.LeaderEvidence), p.YearlyAnswers);
}

public sealed record TargetView(long Id, int UnitId, string UnitName, string Title, decimal TargetValue, decimal? AchievedValue,
    string? Evidence, decimal Attainment);

/// <summary>
/// What the computation read for one ward besides its people: its own satisfaction and its petitions. Cases is null in
/// snapshots frozen before issue 18, whose PetitionsTotal and PetitionsUnresolved counted all four case types.
/// </summary>
public sealed record WardInput(int UnitId, string UnitCode, string UnitName, long Responses, long Satisfied,
    int? PetitionsTotal, int? PetitionsUnresolved, Group5Cases? Cases = null);

public sealed record EvaluationInputs(decimal? PeerMeanOfficials, decimal? PeerMeanAgencies, decimal? PeerMeanUnits, WardInput[] Wards);

/// <summary>One row of group 5 of Decision 766/QĐ-TTg for a ward.</summary>
public sealed record Group5Row(int UnitId, string UnitCode, string UnitName,
    long Responses, decimal? SatisfactionRate, double? SatisfactionLow, double? SatisfactionHigh,
    int? DossiersTotal, int? DossiersOverdue, string? DossierSource,
    int? PetitionsTotal, int? PetitionsUnresolved, Group5Cases? Cases = null);

/// <summary>
/// Everything an export shows. A frozen cycle's is deserialised from its stored snapshot; a working cycle's is read live.
/// </summary>
public sealed record EvaluationSnapshot(
    long CycleId, int UnitId, string UnitName, int Year, int Version, EvaluationStatus Status,
    DateTimeOffset? ComputedAt, DateTimeOffset? FrozenAt, PolicyView Policy, TargetView[] Targets, Group5Row[] Group5,
    ResultView[] Results)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        // Stored and hashed, never embedded in HTML: keep Vietnamese readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static EvaluationSnapshot Deserialize(string json) => JsonSerializer.Deserialize<EvaluationSnapshot>(json, Json)!;

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    public IEnumerable<ResultView> CommendationCandidates => Results.Where(r => r.CommendationCandidate)
        .OrderByDescending(r => r.Score).ThenBy(r => r.StaffCode, StringComparer.Ordinal);

    public IEnumerable<ResultView> Warnings => Results.Where(r => r.Warning is not null).OrderBy(r => r.StaffCode, StringComparer.Ordinal);
}

public static class EvaluationSnapshots
{
    /// <summary>The frozen snapshot as stored, or the cycle's current state read from the database.</summary>
    public static async Task<EvaluationSnapshot> ForAsync(HaiLongDbContext db, EvaluationCycle cycle, CancellationToken ct)
    {
        if (cycle.Status == EvaluationStatus.Frozen && cycle.Snapshot is not null) return EvaluationSnapshot.Deserialize(cycle.Snapshot);
        return await BuildAsync(db, cycle, ct);
    }

    public static async Task<EvaluationSnapshot> BuildAsync(HaiLongDbContext db, EvaluationCycle cycle, CancellationToken ct)
    {
        var policy = await db.EvaluationPolicies.AsNoTracking().SingleAsync(p => p.Id == cycle.PolicyId, ct);
        var unitName = await db.Units.Where(u => u.Id == cycle.UnitId).Select(u => u.Name).SingleAsync(ct);
        var targets = await db.EvaluationTargets.AsNoTracking().Where(t => t.CycleId == cycle.Id)
            .OrderBy(t => t.UnitId).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.UnitId, UnitName = t.Unit.Name, t.Title, t.TargetValue, t.AchievedValue, t.Evidence })
            .ToListAsync(ct);
        var figures = await db.EvaluationDossierFigures.AsNoTracking().Where(f => f.CycleId == cycle.Id).ToDictionaryAsync(f => f.UnitId, ct);
        var inputs = cycle.Inputs is null ? null : JsonSerializer.Deserialize<EvaluationInputs>(cycle.Inputs, EvaluationSnapshot.Json);
        var group5 = (inputs?.Wards ?? []).Select(w =>
        {
            figures.TryGetValue(w.UnitId, out var f);
            var (low, high) = Scores.Wilson(w.Satisfied, w.Responses);
            return new Group5Row(w.UnitId, w.UnitCode, w.UnitName, w.Responses,
                w.Responses > 0 ? Math.Round((decimal)w.Satisfied / w.Responses, 4, MidpointRounding.AwayFromZero) : null,
                w.Responses > 0 ? Math.Round(low, 4) : null, w.Responses > 0 ? Math.Round(high, 4) : null,
                f?.DossiersTotal, f?.DossiersOverdue, f?.Source, w.PetitionsTotal, w.PetitionsUnresolved, w.Cases);
        }).ToArray();
        var rows = await db.EvaluationResults.AsNoTracking().Where(r => r.CycleId == cycle.Id)
            .Select(r => new
            {
                r.OfficialId, r.Official.StaffCode, r.Official.FullName, r.Official.Position, Agency = r.Official.Agency.Name,
                Unit = r.Official.Agency.Unit.Name, r.IsLeader, r.Components, r.Score, r.ProposedLevel, r.Reason,
                r.CommendationCandidate, r.Warning, r.Note,
            })
            .ToListAsync(ct);
        var results = rows.OrderBy(r => r.StaffCode, StringComparer.Ordinal).Select(r => new ResultView(
            r.OfficialId, r.StaffCode, r.FullName, r.Position, r.Agency, r.Unit, r.IsLeader,
            JsonSerializer.Deserialize<ComponentView[]>(r.Components, EvaluationSnapshot.Json)!, r.Score, r.ProposedLevel,
            r.ProposedLevel is { } l ? EvaluationMath.LevelVi(l) : null, r.Reason, r.CommendationCandidate, r.Warning, r.Note)).ToArray();
        return new EvaluationSnapshot(cycle.Id, cycle.UnitId, unitName, cycle.Year, cycle.Version, cycle.Status, cycle.ComputedAt,
            cycle.FrozenAt, PolicyView.From(policy),
            targets.Select(t => new TargetView(t.Id, t.UnitId, t.UnitName, t.Title, t.TargetValue, t.AchievedValue, t.Evidence,
                EvaluationMath.Attainment(t.TargetValue, t.AchievedValue))).ToArray(),
            group5, results);
    }
}
