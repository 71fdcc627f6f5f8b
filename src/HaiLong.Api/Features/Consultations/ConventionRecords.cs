using System.ComponentModel;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Consultations;

public sealed record RegisterConventionRequest(
    [property: Required, Description("The hamlet or residential group whose convention it is")] int? UnitId,
    [property: Required, Description("Hương ước or quy ước")] ConventionKind? Kind,
    [property: Required, MaxLength(ConsultationLimits.Title)] string Title,
    [property: Required, MaxLength(ConsultationLimits.Decision), Description("The ward People's Committee's decision recognising the "
        + "first version, e.g. 15/QĐ-UBND")] string ApprovalDecision,
    [property: Required, Description("The decision's date; not in the future")] DateOnly? ApprovedOn,
    [property: Required, Description("The first version is in force from this day; not before the decision")] DateOnly? EffectiveFrom,
    [property: MaxLength(Limits.Comment), Description("What the version says, in a few lines")] string? Summary = null,
    [property: MaxLength(ConsultationLimits.Text), Description("The full text")] string? Text = null);

public sealed record AddConventionVersionRequest(
    [property: Required, MaxLength(ConsultationLimits.Decision), Description("The decision recognising this version")] string ApprovalDecision,
    [property: Required, Description("The decision's date; not in the future")] DateOnly? ApprovedOn,
    [property: Required, Description("In force from this day; not before the decision, nor before the current version")] DateOnly? EffectiveFrom,
    [property: MaxLength(Limits.Comment)] string? Summary = null,
    [property: MaxLength(ConsultationLimits.Text), Description("The full text; the previous version's when absent")] string? Text = null);

public sealed record RecordConventionDecisionRequest(
    [property: Required, MaxLength(ConsultationLimits.Decision), Description("The decision recognising the version")] string ApprovalDecision,
    [property: Required, Description("The decision's date; not in the future")] DateOnly? ApprovedOn,
    [property: Description("A different day from which the version is in force, when the decision sets one; the version's own when absent")]
    DateOnly? EffectiveFrom = null);

public sealed record RecordConventionReviewRequest(
    [property: Description("The review's date (Vietnam calendar); today when absent; not in the future")] DateOnly? ReviewedOn = null,
    [property: MaxLength(Limits.Comment), Description("What the review found: kept, to be amended, …")] string? Note = null);

public sealed record ConventionVersionView(
    long Id,
    int Number,
    string? Summary,
    string? Text,
    string? ApprovalDecision,
    DateOnly? ApprovedOn,
    DateOnly? EffectiveFrom,
    [property: Description("The consultation of the households that made this version, if one did")] long? ConsultationId,
    DateTimeOffset CreatedAt);

public sealed record ConventionReviewView(long Id, DateOnly ReviewedOn, string? Note, DateTimeOffset CreatedAt);

public sealed record ConventionSummary(
    int Id,
    int UnitId,
    string UnitName,
    ConventionKind Kind,
    string Title,
    [property: Description("The number of the version in force today; null when none is yet")] int? CurrentVersion,
    DateOnly? EffectiveFrom,
    string? ApprovalDecision,
    DateOnly? LastReviewedOn,
    [property: Description("Whether it has a review dated in the current year (Vietnam calendar)")] bool ReviewedThisYear);

public sealed record ConventionDetail(
    int Id,
    int UnitId,
    string UnitName,
    ConventionKind Kind,
    string Title,
    DateTimeOffset CreatedAt,
    int? CurrentVersion,
    ConventionVersionView[] Versions,
    ConventionReviewView[] Reviews);

public sealed record ConventionReviewShareView(
    int UnitId,
    string UnitName,
    int Year,
    [property: Description("The day the share was taken: today in the current year, 31 December for a past one")] DateOnly AsOf,
    [property: Description("Conventions registered and in force on that day")] int InForce,
    [property: Description("Of those, how many have a review dated in the year")] int Reviewed,
    [property: Description("Reviewed ÷ in force × 100, two decimals; null when none is in force")] decimal? Percent,
    [property: Description("The resolutions' target: 100")] decimal Target);
