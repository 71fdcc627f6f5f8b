using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

/// <summary>A citizen's answers. Never holds the citizen's identity: abuse signals are salted hashes only.</summary>
public sealed class Response
{
    public long Id { get; set; }
    public long? InvitationId { get; set; }
    public Invitation? Invitation { get; set; }
    public int SurveyVersionId { get; set; }
    public SurveyVersion SurveyVersion { get; set; } = null!;

    /// <summary>The ward (or commune) rated; every ancestor unit's rollup includes it.</summary>
    public int UnitId { get; set; }
    public int? AgencyId { get; set; }
    public int? OfficialId { get; set; }
    public int? ProcedureId { get; set; }
    public int? ServicePointId { get; set; }

    /// <summary>An expired transaction link still gives a general rating of the ward, counted as such (no official).</summary>
    public bool IsGeneralFallback { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? Comment { get; set; }

    /// <summary>Criterion keys the citizen picked as disappointing after a low rating.</summary>
    public string[] Disappointments { get; set; } = [];
    public string Language { get; set; } = "vi";
    public string? DeviceHash { get; set; }
    public string? IpHash { get; set; }

    /// <summary>
    /// The review item (a burst on an open QR) that holds this answer out of evaluations until the board's verdict; rollups
    /// and scorecards still count it, as they always counted the open QR.
    /// </summary>
    public long? HeldByReviewItemId { get; set; }
    public List<ResponseAnswer> Answers { get; set; } = [];
}

public sealed class ResponseAnswer
{
    public long ResponseId { get; set; }
    public Response Response { get; set; } = null!;
    public int QuestionId { get; set; }
    public required string Criterion { get; set; }

    /// <summary>1–5 for a Likert question only; null when "không áp dụng" or for other kinds (their answer is in Text).</summary>
    public short? Score { get; set; }
    public string? Text { get; set; }
}

/// <summary>Responses not yet folded into rollups. Inserted with the response; taken by the rollup job with DELETE … RETURNING.</summary>
public sealed class PendingRollup
{
    public long ResponseId { get; set; }
}

[JsonConverter(typeof(NamedEnumConverter<SubjectKind>))]
public enum SubjectKind
{
    Official,
    Agency,
    Unit,
    Procedure,
}

[JsonConverter(typeof(NamedEnumConverter<PeriodKind>))]
public enum PeriodKind
{
    Day,
    Month,
    Quarter,
    Year,
}

/// <summary>Sufficient statistics of one criterion for one subject in one period; every score is computed from these at read time.</summary>
public sealed class Rollup
{
    public SubjectKind SubjectKind { get; set; }
    public int SubjectId { get; set; }
    public PeriodKind PeriodKind { get; set; }
    public DateOnly PeriodStart { get; set; }
    public required string Criterion { get; set; }
    public RollupStats Stats { get; set; } = new();
}

/// <summary>A submission's Idempotency-Key and the result it got, so a retry gets the same answer.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; set; }
    public required string Scope { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int StatusCode { get; set; }
    public required string Body { get; set; }

    /// <summary>SHA-256 of the request that produced the result: the same key with a different request is refused (422).</summary>
    public string? RequestHash { get; set; }
}
