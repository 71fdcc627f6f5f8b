using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

[JsonConverter(typeof(NamedEnumConverter<ReviewItemKind>))]
public enum ReviewItemKind
{
    /// <summary>A comment left with a low (1–2) rating.</summary>
    LowScoreComment,
    /// <summary>A scorecard alert: a subject's satisfaction fell below the threshold with enough responses.</summary>
    LowScoreAlert,
    /// <summary>
    /// Many answers on an open yearly QR from one network address or one device in a short window. Its answers are held
    /// (<see cref="Response.HeldByReviewItemId"/>) out of evaluations until the board gives a <see cref="HeldResponsesVerdict"/>.
    /// </summary>
    ResponseBurst,
}

/// <summary>The board's decision on answers held by a review item (a burst on an open QR).</summary>
[JsonConverter(typeof(NamedEnumConverter<HeldResponsesVerdict>))]
public enum HeldResponsesVerdict
{
    /// <summary>Genuine (e.g. a household sharing one phone at a meeting): the held answers count.</summary>
    Counted,
    /// <summary>Not one person once: the held answers stay out of evaluations.</summary>
    Excluded,
}

/// <summary>
/// Something the People's Inspection Board should look at, produced by the scorecards and the survey flow and worked through
/// in the board's queue. <see cref="DedupKey"/> makes producing it idempotent: a re-run never duplicates an item.
/// </summary>
public sealed class ReviewItem
{
    public long Id { get; set; }
    public ReviewItemKind Kind { get; set; }

    /// <summary>The ward (or commune) whose board reviews it.</summary>
    public int UnitId { get; set; }
    public SubjectKind SubjectKind { get; set; }
    public int SubjectId { get; set; }
    public long? ResponseId { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public required string Summary { get; set; }
    public required string DedupKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public Guid? ReviewedBy { get; set; }
    public string? ReviewNote { get; set; }

    /// <summary>For an item that holds answers (a burst): null until the board decides; the answers count only when Counted.</summary>
    public HeldResponsesVerdict? Verdict { get; set; }

    /// <summary>The feedback case opened from this item, if the board opened one.</summary>
    public long? CaseId { get; set; }
}
