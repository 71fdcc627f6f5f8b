using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

[JsonConverter(typeof(NamedEnumConverter<InvitationKind>))]
public enum InvitationKind
{
    /// <summary>Single use, bound to one finished dossier, expires.</summary>
    Transaction,
    /// <summary>Standing QR of a counter.</summary>
    Counter,
    /// <summary>Valid only during one hamlet meeting.</summary>
    Meeting,
    /// <summary>Yearly survey of the ward government: the open QR on a poster, answerable by anyone.</summary>
    Annual,
    /// <summary>
    /// Yearly survey of the ward government, single use: one slip handed to one sampled household or participant, so each
    /// answer it brings is one person once (issue 18).
    /// </summary>
    AnnualSample,
}

/// <summary>The QR. Only the SHA-256 of the token is stored; the token itself exists only in the printed URL.</summary>
public sealed class Invitation : IAudited
{
    public long Id { get; set; }
    public required byte[] TokenHash { get; set; }
    public InvitationKind Kind { get; set; }
    public int SurveyVersionId { get; set; }
    public SurveyVersion SurveyVersion { get; set; } = null!;

    /// <summary>The ward (or commune) the rating counts for.</summary>
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public int? AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public int? OfficialId { get; set; }
    public Official? Official { get; set; }
    public int? ProcedureId { get; set; }
    public Procedure? Procedure { get; set; }
    public int? ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public long? MeetingId { get; set; }
    public Meeting? Meeting { get; set; }
    public string? DossierReference { get; set; }
    public int? Year { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset? ValidFrom { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A hamlet / residential-group meeting (họp ấp, tổ dân phố).</summary>
public sealed class Meeting : IAudited
{
    public long Id { get; set; }
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public required string Title { get; set; }
    public string? Agenda { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
}
