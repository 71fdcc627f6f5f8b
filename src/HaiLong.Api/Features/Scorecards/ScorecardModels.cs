using System.ComponentModel;

namespace HaiLong.Api.Features.Scorecards;

[Description("A score: share of 4–5 answers (rate), mean 1–5, n and 95% Wilson interval; numbers are null below the policy minimum "
    + "(\"chưa đủ số phiếu\").")]
public sealed record CriterionScore(
    [property: ClosedSet(typeof(HaiLong.Data.Entities.Criteria), nameof(HaiLong.Data.Entities.Criteria.LabelsVi)),
        Description("A rating criterion: Likert questions use only these shared keys, so the rollups and scorecards know no other")]
    string Criterion, string Label, long N, double? Rate, double? Mean, double? Low, double? High, bool Enough);

[Description("A subject (official, procedure, ward) with its overall score and, when it has enough answers, its shrunk score and rank.")]
public sealed record SubjectScore(int Id, string Name, string? Detail, long N, double? Rate, double? Mean, double? Low, double? High, bool Enough,
    double? Shrunk, int? Rank);

[Description("Rank of the ward among the wards of the same parent unit by shrunk overall satisfaction; null rank when not ranked.")]
public sealed record PeerRank(int? Rank, int Ranked, int Peers, double? Shrunk, SubjectScore[] Wards);

public sealed record TrendPoint(DateOnly Month, long N, double? Rate, double? Mean, bool Enough);

public sealed record CommentItem(long ResponseId, DateTimeOffset SubmittedAt, string? OfficialName, string? ProcedureName, short? OverallScore, string Comment);

public sealed record AlertItem(long Id, string Summary, DateOnly? PeriodStart, DateTimeOffset CreatedAt, bool Reviewed);

public sealed record WardOverview(
    int UnitId, string UnitCode, string UnitName, ScorecardPeriod Period, DateOnly PeriodStart, string PeriodLabel, int MinimumToShow,
    CriterionScore Overall, CriterionScore[] Criteria,
    [property: Description("Lowest satisfaction rate among criteria with enough answers; null when none has.")] CriterionScore? WeakestCriterion,
    [property: Description("Lowest shrunk score among the ward's officials with enough answers; null when none has.")] SubjectScore? LowestOfficial,
    SubjectScore[] Officials, PeerRank Rank, AlertItem[] Alerts,
    [property: Description("Yearly-survey answers received in the period, by where they came from")] YearlySurveySources YearlySurvey);

[Description("Yearly-survey answers by source: single-use slips handed to a sample (one person once) and the open yearly QR (anyone).")]
public sealed record YearlySurveySources(
    [property: Description("Answers through single-use yearly invitations (AnnualSample slips)")] long Sampled,
    [property: Description("Answers through the ward's open yearly QR (Annual)")] long Open);

public sealed record OfficialScorecard(int OfficialId, string FullName, string StaffCode, string Position, string AgencyName, int UnitId,
    ScorecardPeriod Period, DateOnly PeriodStart, string PeriodLabel, int MinimumToShow, CriterionScore Overall, CriterionScore[] Criteria, TrendPoint[] Trend);

public sealed record ProcedureScorecard(int UnitId, ScorecardPeriod Period, DateOnly PeriodStart, string PeriodLabel, int MinimumToShow,
    [property: Description("The unit whose responses are counted: this ward (or unit) and the units below it.")] string Scope,
    SubjectScore[] Procedures);

/// <summary>The ward scorecard page: its overview, the twelve months before it and the latest comments.</summary>
public sealed record WardPage(WardOverview Overview, TrendPoint[] Trend, CommentItem[] Comments);

public sealed record WardTrend(int UnitId, string UnitName, int MinimumToShow, TrendPoint[] Months);

public sealed record RollupRunAccepted(string JobId);
