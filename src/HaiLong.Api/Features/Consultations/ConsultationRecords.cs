using System.ComponentModel;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Consultations;

public sealed record ConsultationItemInput(
    [property: Required, MaxLength(ConsultationLimits.Title), Description("A clause of the draft, a contribution level, a question")]
    string Title,
    [property: MaxLength(ConsultationLimits.Text)] string? Text = null,
    [property: Description("Approve (agree / disagree / abstain) or Choice (one of the options); Approve when absent")]
    ConsultationItemKind Kind = ConsultationItemKind.Approve,
    [property: MaxLength(ConsultationLifecycle.MaxOptions),
        Description("A choice item's options, 2 to 20, each at most 256 characters; none for an approve item")]
    IReadOnlyList<string>? Options = null,
    [property: Description("Voted by secret ballot at the meeting (an election, a dismissal)")] bool Secret = false);

/// <summary>A draft as written: every member replaces what the draft had (items in the order given).</summary>
public sealed record ConsultationDraftRequest(
    [property: Required, Description("The hamlet or residential group whose households are consulted")] int? UnitId,
    [property: Required, MaxLength(ConsultationLimits.Title)] string Title,
    [property: Required, Description("Decide (binding: the law's thresholds) or GiveOpinions (a summary)")] ConsultationKind? Kind,
    [property: MaxLength(ConsultationLimits.Text)] string? Description = null,
    [property: Description("The hamlet's community convention this consultation amends (a decide consultation that passes makes its next "
        + "version when certified)")] int? ConventionId = null,
    [property: Description("The meeting of household representatives; with MeetingPlace, or no meeting")] DateTimeOffset? MeetingAt = null,
    [property: MaxLength(ConsultationLimits.Place)] string? MeetingPlace = null,
    [property: Description("Household ballot slips returned on paper and keyed twice")] bool PaperBallots = false,
    [property: Description("Online voting from this instant; with OnlineClosesAt, or no online voting")] DateTimeOffset? OnlineOpensAt = null,
    DateTimeOffset? OnlineClosesAt = null,
    [property: MaxLength(ConsultationLifecycle.MaxItems)] IReadOnlyList<ConsultationItemInput>? Items = null);

/// <summary>The meeting's own facts for its minutes, recorded by the secretary during or after the meeting.</summary>
public sealed record MeetingMinutesRequest(
    [property: MaxLength(Limits.Name)] string? MeetingChair = null,
    [property: MaxLength(Limits.Name)] string? MeetingSecretary = null,
    [property: MaxLength(ConsultationLimits.Notes)] string? MeetingNotes = null);

public sealed record ConsultationItemView(long Id, int Position, string Title, string? Text, ConsultationItemKind Kind,
    IReadOnlyList<string> Options, bool Secret);

public sealed record ConsultationDocumentView(long Id, string FileName, string ContentType, int Size, DateTimeOffset UploadedAt);

public sealed record ConsultationSummary(long Id, int UnitId, string UnitName, string Title, ConsultationKind Kind, ConsultationStatus Status,
    int? RegisteredHouseholds, int Participating, DateTimeOffset CreatedAt, DateTimeOffset? OpenedAt, DateTimeOffset? WardCertifiedAt);

public sealed record ConsultationView(
    long Id, int UnitId, string UnitName, string Title, string? Description, ConsultationKind Kind, ConsultationStatus Status,
    int PolicyVersion, int? ConventionId, DateTimeOffset? MeetingAt, string? MeetingPlace, bool PaperBallots,
    DateTimeOffset? OnlineOpensAt, DateTimeOffset? OnlineClosesAt, string? MeetingChair, string? MeetingSecretary, string? MeetingNotes,
    int? RegisteredHouseholds, DateTimeOffset CreatedAt, DateTimeOffset? OpenedAt, DateTimeOffset? ClosedAt,
    DateTimeOffset? HamletCertifiedAt, DateTimeOffset? WardCertifiedAt,
    IReadOnlyList<ConsultationItemView> Items, IReadOnlyList<ConsultationDocumentView> Documents)
{
    public static ConsultationView From(Consultation c, string unitName, IReadOnlyList<ConsultationDocumentView> documents) => new(
        c.Id, c.UnitId, unitName, c.Title, c.Description, c.Kind, c.Status, c.PolicyVersion, c.ConventionId, c.MeetingAt, c.MeetingPlace,
        c.PaperBallots, c.OnlineOpensAt, c.OnlineClosesAt, c.MeetingChair, c.MeetingSecretary, c.MeetingNotes, c.RegisteredHouseholds,
        c.CreatedAt, c.OpenedAt, c.ClosedAt, c.HamletCertifiedAt, c.WardCertifiedAt,
        [.. c.Items.OrderBy(i => i.Position).Select(i => new ConsultationItemView(i.Id, i.Position, i.Title, i.Text, i.Kind, i.Options, i.Secret))],
        documents);
}

/// <summary>Why a consultation's change was refused; the API answers its <c>Problem</c>, a page words the reason.</summary>
public enum ConsultationRefusalReason
{
    NotFound, NotAHamlet, HamletChanged, ConventionNotOfHamlet, ItemInvalid, ChannelInvalid,
    NotDraft, NotOpen, NotClosed, NoHouseholds, NoItems, NoChannel, OnlineWindowPast,
    HamletCertified, HamletNotCertified, PaperPending, DocumentTypeRefused, DocumentTooLarge, DocumentsFull, Certified,
}

public sealed record ConsultationRefusal(ConsultationRefusalReason Reason, string Detail)
{
    public int Status => Reason switch
    {
        ConsultationRefusalReason.NotFound => StatusCodes.Status404NotFound,
        ConsultationRefusalReason.NotDraft or ConsultationRefusalReason.NotOpen or ConsultationRefusalReason.NotClosed
            or ConsultationRefusalReason.HamletCertified or ConsultationRefusalReason.HamletNotCertified
            or ConsultationRefusalReason.PaperPending or ConsultationRefusalReason.Certified => StatusCodes.Status409Conflict,
        ConsultationRefusalReason.DocumentTooLarge => StatusCodes.Status413PayloadTooLarge,
        ConsultationRefusalReason.DocumentTypeRefused => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public Microsoft.AspNetCore.Mvc.ProblemDetails Problem => new()
    {
        Status = Status,
        Title = Status switch
        {
            StatusCodes.Status404NotFound => "Not found",
            StatusCodes.Status409Conflict => "Conflict",
            StatusCodes.Status413PayloadTooLarge => "Payload too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            _ => "Unprocessable request",
        },
        Detail = Detail,
    };
}
