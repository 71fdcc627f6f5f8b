using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

/// <summary>Kiến nghị / Phản ánh / Khiếu nại / Tố cáo.</summary>
[JsonConverter(typeof(NamedEnumConverter<CaseType>))]
public enum CaseType
{
    Petition,
    Reflection,
    Complaint,
    Denunciation,
}

[JsonConverter(typeof(NamedEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    Received,
    Accepted,
    Rejected,
    Assigned,
    InProgress,
    Answered,
    Closed,
}

/// <summary>
/// A petition, reflection, complaint or denunciation filed by a citizen. The filer's contact lives in <see cref="CaseContact"/>,
/// apart from the case, so that the automatic audit of case changes never copies personal data into the append-only log.
/// </summary>
public sealed class Case : IAudited
{
    public long Id { get; set; }

    /// <summary>Mã tra cứu: 10 characters from an alphabet without 0/O/1/I, random, unique.</summary>
    public required string TrackingCode { get; set; }
    public CaseType Type { get; set; }
    public CaseStatus Status { get; set; }

    /// <summary>The ward (or commune) whose board handles the case.</summary>
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public SubjectKind SubjectKind { get; set; }
    public int? SubjectAgencyId { get; set; }
    public Agency? SubjectAgency { get; set; }
    public int? SubjectOfficialId { get; set; }
    public Official? SubjectOfficial { get; set; }

    public required string Content { get; set; }
    public bool IsAnonymous { get; set; }

    /// <summary>How it arrived: "survey" (thank-you page), "unit" (ward page or standing QR), "review" (opened by the board).</summary>
    public required string Channel { get; set; }
    public long? ResponseId { get; set; }
    public long? ReviewItemId { get; set; }

    public long? BoardId { get; set; }
    public InspectionBoard? Board { get; set; }
    public Guid? AssigneeId { get; set; }
    public StaffUser? Assignee { get; set; }

    /// <summary>Complex cases get the longer statutory period (Luật Khiếu nại 2011, Art. 28).</summary>
    public bool IsComplex { get; set; }

    public DateTimeOffset FiledAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Last day (Vietnam calendar) to accept or refuse; null where the law sets none. Kept after the decision for the numbers.</summary>
    public DateOnly? AcceptDueOn { get; set; }

    /// <summary>Last day (Vietnam calendar) to answer; null until it is known (a complaint's runs from acceptance).</summary>
    public DateOnly? AnswerDueOn { get; set; }

    public string? RejectionReason { get; set; }
    public string? Answer { get; set; }
    public bool AnswerPublished { get; set; }

    /// <summary>The filer's verdict on the published answer, given once by tracking code.</summary>
    public bool? CitizenSatisfied { get; set; }
    public DateTimeOffset? CitizenFeedbackAt { get; set; }
    public int ReopenCount { get; set; }

    public CaseContact? Contact { get; set; }
    public List<CaseEvent> Events { get; set; } = [];
    public List<CaseAttachment> Attachments { get; set; } = [];
}

/// <summary>The filer's personal data: shown only to the case's board and handler, every view audited, purged after retention.</summary>
public sealed class CaseContact
{
    public long CaseId { get; set; }
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public DateTimeOffset? PurgedAt { get; set; }
}

/// <summary>One transition of a case: append-only (the database refuses UPDATE and DELETE).</summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Null for the citizen (filing, feedback) and for jobs.</summary>
    public Guid? ActorId { get; set; }
    public required string Action { get; set; }
    public CaseStatus? FromStatus { get; set; }
    public CaseStatus ToStatus { get; set; }
    public string? Note { get; set; }
}

public sealed class CaseAttachment
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public required string FileName { get; set; }

    /// <summary>Sniffed from the bytes, never taken from the client.</summary>
    public required string ContentType { get; set; }
    public int Length { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>Ban Thanh tra nhân dân of one ward or commune.</summary>
public sealed class InspectionBoard : IAudited
{
    public long Id { get; set; }
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public required string Name { get; set; }
    public List<InspectionBoardMember> Members { get; set; } = [];
}

public sealed class InspectionBoardMember : IAudited
{
    public long BoardId { get; set; }
    public InspectionBoard Board { get; set; } = null!;
    public Guid UserId { get; set; }
    public StaffUser User { get; set; } = null!;
}

/// <summary>A day off besides weekends; working-day deadlines skip it.</summary>
public sealed class PublicHoliday : IAudited
{
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
}

[JsonConverter(typeof(NamedEnumConverter<NotificationKind>))]
public enum NotificationKind
{
    DeadlineWarning,
    Escalation,
    WeeklyDigest,
}

/// <summary>
/// A message for the staff of one unit with one role (there is no mail server): the deadline job's warnings and escalations
/// and the weekly digests. <see cref="DedupKey"/> is unique, so a job that runs twice never sends twice.
/// </summary>
public sealed class StaffNotification
{
    public long Id { get; set; }
    public int UnitId { get; set; }

    /// <summary>The role that reads it in that unit: Inspector (the board) or WardLeader.</summary>
    public required string Audience { get; set; }
    public NotificationKind Kind { get; set; }
    public long? CaseId { get; set; }
    public long? BoardId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public required string DedupKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
