using HaiLong.Api.Features.Scorecards;
using HaiLong.Api.Features.Surveys;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>A response with where it stands in evaluations: a burst may hold it until the board's verdict.</summary>
public sealed class ResponseStanding
{
    public Response Response { get; init; } = null!;

    /// <summary>THE RULE's answer: does this response count in an evaluation.</summary>
    public bool Counts { get; init; }
}

/// <summary>
/// THE RULE of issue 18, in one place: a response counts in an evaluation iff no review item holds it, or the review item
/// holding it (a burst on the open yearly QR) has the board's verdict <see cref="HeldResponsesVerdict.Counted"/>. Undecided
/// and excluded bursts stay out. Rollups and scorecards do not apply it: they keep counting every answer.
/// </summary>
public static class EvaluationRule
{
    /// <summary>Each response with whether it counts; the evaluation reads both sides (counted, and held to show).</summary>
    public static IQueryable<ResponseStanding> WithEvaluationStanding(this IQueryable<Response> responses, IQueryable<ReviewItem> reviewItems) =>
        from r in responses
        join i in reviewItems on r.HeldByReviewItemId equals (long?)i.Id into holding
        from i in holding.DefaultIfEmpty()
        select new ResponseStanding
        {
            Response = r,
            Counts = r.HeldByReviewItemId == null || (i != null && i.Verdict == HeldResponsesVerdict.Counted),
        };

    /// <summary>Only the responses that count in an evaluation.</summary>
    public static IQueryable<Response> CountedInEvaluations(this IQueryable<Response> responses, IQueryable<ReviewItem> reviewItems) =>
        responses.WithEvaluationStanding(reviewItems).Where(s => s.Counts).Select(s => s.Response);
}

/// <summary>Rated answers and the satisfied among them (4 or 5, by <see cref="Tally.Satisfied"/>).</summary>
public readonly record struct Answers(long Count, long Satisfied)
{
    public static Answers Of(Tally t) => new(t.Count, t.Satisfied);

    public static Answers operator +(Answers a, Answers b) => new(a.Count + b.Count, a.Satisfied + b.Satisfied);

    /// <summary>The pooled satisfied share of several subjects (a peer mean); null when none has an answer.</summary>
    public static decimal? PooledShare(IEnumerable<Answers> subjects)
    {
        var all = subjects.Aggregate(default(Answers), (sum, a) => sum + a);
        return all.Count == 0 ? null : (decimal)all.Satisfied / all.Count;
    }
}

/// <summary>
/// One question of the yearly survey in one ward: answers that count from sampled single-use slips and from the open QR,
/// and the answers a burst holds (not decided, or excluded) — shown, never counted.
/// </summary>
public readonly record struct YearlyAnswers(Answers Sampled, Answers Open, long Held)
{
    /// <summary>What the policy counts: sampled answers, and the open QR's too unless it counts only the sampled.</summary>
    public Answers Counted(EvaluationPolicy policy) =>
        policy.YearlyAnswers == YearlyAnswersCounted.SampledOnly ? Sampled : Sampled + Open;

    public static YearlyAnswers operator +(YearlyAnswers a, YearlyAnswers b) => new(a.Sampled + b.Sampled, a.Open + b.Open, a.Held + b.Held);
}

/// <summary>A ward's answers read one by one for an evaluation: each yearly-survey question and the service survey's overall.</summary>
public sealed record WardEvidence(IReadOnlyDictionary<string, YearlyAnswers> Yearly, Answers Service)
{
    public static readonly WardEvidence None = new(new Dictionary<string, YearlyAnswers>(), default);

    public YearlyAnswers YearlyFor(string criterion) => Yearly.TryGetValue(criterion, out var a) ? a : default;
}

/// <summary>One row of the policy's table: what a leader role (the kind of agency they head) draws its satisfaction from.</summary>
public sealed record LeaderEvidenceRow(
    [property: Required, Description("The kind of agency the leader heads")] AgencyKind? Role,
    [property: Required, MinLength(1), MaxLength(8)] IReadOnlyList<LeaderEvidenceSource> Sources);

/// <summary>One source of a leader's satisfaction and its share (percent) of the policy's leader satisfaction weight.</summary>
public sealed record LeaderEvidenceSource(
    [property: Required] EvidenceSource? Source,
    [property: Required, Range(1, 100), Description("Percent of the leader satisfaction weight; a row's shares add up to 100")] decimal? Share,
    [property: MaxLength(64), Description("The yearly survey's criterion (e.g. government.council); only with YearlySurvey")] string? Criterion = null);

/// <summary>
/// The policy's table of what each leader role draws from (<see cref="EvaluationPolicy.LeaderEvidence"/>): reading,
/// checking, wording. A role the table does not list draws from its own agency.
/// </summary>
public static class LeaderEvidenceTable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly IReadOnlyList<LeaderEvidenceSource> OwnAgency = [new(EvidenceSource.Agency, 100)];

    /// <summary>The yearly survey's rated questions (the default template's Likert criteria): what a YearlySurvey source may name.</summary>
    public static readonly IReadOnlyList<string> YearlyCriteria =
        [.. DefaultTemplates.AnnualQuestions().Where(q => q.Kind == QuestionKind.Likert).Select(q => q.Criterion)];

    public static LeaderEvidenceRow[] Parse(string json) => JsonSerializer.Deserialize<LeaderEvidenceRow[]>(json, Json) ?? [];

    public static string Serialize(IReadOnlyList<LeaderEvidenceRow> rows) => JsonSerializer.Serialize(rows, Json);

    public static IReadOnlyList<LeaderEvidenceSource> For(IReadOnlyList<LeaderEvidenceRow> table, AgencyKind role) =>
        table.FirstOrDefault(r => r.Role == role)?.Sources ?? OwnAgency;

    public static IReadOnlyList<LeaderEvidenceSource> For(EvaluationPolicy policy, AgencyKind role) => For(Parse(policy.LeaderEvidence), role);

    /// <summary>Why a table cannot be a policy's, in the words of the API's 422; null when it can.</summary>
    public static string? Check(IReadOnlyList<LeaderEvidenceRow> rows)
    {
        foreach (var row in rows)
        {
            if (row.Role is not { } role) return "Every row of leaderEvidence names a role.";
            if (rows.Count(r => r.Role == role) > 1) return $"leaderEvidence lists the role {role} more than once.";
            if (row.Sources is not { Count: > 0 }) return $"leaderEvidence's row {role} has no source.";
            foreach (var s in row.Sources)
            {
                if (s.Source is not { } source || s.Share is not (> 0 and <= 100)) return $"Every source of {role} has a source and a share of 1–100.";
                if (source == EvidenceSource.YearlySurvey && !YearlyCriteria.Contains(s.Criterion))
                {
                    return $"A YearlySurvey source of {role} names one of the yearly survey's criteria: {string.Join(", ", YearlyCriteria)}.";
                }
                if (source != EvidenceSource.YearlySurvey && s.Criterion is not null) return $"Only a YearlySurvey source of {role} names a criterion.";
            }
            if (row.Sources.Select(EvaluationComponents.KeyOf).Distinct().Count() < row.Sources.Count)
            {
                return $"leaderEvidence's row {role} names the same source twice.";
            }
            if (row.Sources.Sum(s => s.Share!.Value) != 100) return $"The shares of {role}'s sources add up to 100.";
        }
        return null;
    }
}

/// <summary>
/// The evaluation's one read of raw answers: for every ward of a cycle, each yearly-survey question by origin (sampled slip,
/// open QR) and standing (counted, held), and the service survey's overall — one grouped query per cycle. Rollups cannot
/// give this: they mix every kind of answer and count held ones.
/// </summary>
public static class WardEvidenceQuery
{
    private static readonly IReadOnlyList<InvitationKind?> YearlyKinds = [InvitationKind.AnnualSample, InvitationKind.Annual];

    public static async Task<IReadOnlyDictionary<int, WardEvidence>> ReadAsync(HaiLongDbContext db, IReadOnlyCollection<int> wardIds, int year,
        CancellationToken ct)
    {
        var from = VietnamTime.StartOf(new DateOnly(year, 1, 1));
        var to = VietnamTime.StartOf(new DateOnly(year + 1, 1, 1));
        var criteria = LeaderEvidenceTable.YearlyCriteria.Append(Criteria.Overall).Distinct().ToArray();
        var rows = await db.Responses.AsNoTracking()
            .Where(r => wardIds.Contains(r.UnitId) && r.SubmittedAt >= from && r.SubmittedAt < to)
            .WithEvaluationStanding(db.ReviewItems)
            .SelectMany(s => s.Response.Answers, (s, a) => new
            {
                s.Response.UnitId,
                a.Criterion,
                a.Score,
                Kind = s.Response.Invitation == null ? (InvitationKind?)null : s.Response.Invitation.Kind,
                s.Response.SurveyVersion.Template.Purpose,
                s.Counts,
            })
            .Where(x => x.Score != null && criteria.Contains(x.Criterion)
                && (YearlyKinds.Contains(x.Kind) || (x.Purpose == SurveyPurpose.Service && x.Criterion == Criteria.Overall)))
            .GroupBy(x => new { x.UnitId, x.Criterion, x.Kind, x.Purpose, x.Counts, x.Score })
            .Select(g => new { g.Key.UnitId, g.Key.Criterion, g.Key.Kind, g.Key.Purpose, g.Key.Counts, Score = g.Key.Score!.Value, N = g.LongCount() })
            .ToListAsync(ct);

        var result = new Dictionary<int, WardEvidence>();
        foreach (var ward in rows.GroupBy(r => r.UnitId))
        {
            var yearly = new Dictionary<string, YearlyAnswers>();
            Answers service = default;
            foreach (var r in ward)
            {
                var answers = Answers.Of(Histogram(r.Score, r.N));
                if (YearlyKinds.Contains(r.Kind))
                {
                    var add = !r.Counts ? new YearlyAnswers(default, default, r.N)
                        : r.Kind == InvitationKind.AnnualSample ? new YearlyAnswers(answers, default, 0)
                        : new YearlyAnswers(default, answers, 0);
                    yearly[r.Criterion] = yearly.GetValueOrDefault(r.Criterion) + add;
                }
                // Bursts are flagged on the open yearly QR only; the rule still keeps any held service answer out.
                else if (r.Counts) service += answers;
            }
            result[ward.Key] = new WardEvidence(yearly, service);
        }
        return result;
    }

    /// <summary>n answers of one score as a tally, so "satisfied" is decided by <see cref="Tally.Satisfied"/> alone.</summary>
    private static Tally Histogram(short score, long n) => new(n, score * n, score * score * n,
        score == 1 ? n : 0, score == 2 ? n : 0, score == 3 ? n : 0, score == 4 ? n : 0, score == 5 ? n : 0);
}
