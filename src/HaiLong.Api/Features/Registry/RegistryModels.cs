using System.Text.Json.Serialization;
using System.ComponentModel;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Registry;

public sealed record UnitResponse(
    int Id, string Code, string Name, UnitLevel Level, int? ParentId,
    [property: Description("Materialised path of ids from the top, e.g. /1/5/12/")] string Path,
    bool IsRemoteArea);

public sealed record UnitNode(int Id, string Code, string Name, UnitLevel Level, int? ParentId, bool IsRemoteArea, UnitNode[] Children);

public sealed record UnitListResponse(
    [property: Description("Units in the caller's jurisdiction, ordered by path (flat view); empty in the tree view")] UnitResponse[] Units,
    [property: Description("The caller's jurisdiction as a tree (tree view); empty in the flat view")] UnitNode[] Tree);

public sealed record UnitRequest(
    [property: Required, MaxLength(Limits.Code), Description("Official unit code where known; unique")] string Code,
    [property: Required, MaxLength(Limits.Name)] string Name,
    [property: Required, Description("Province, District (legacy), Ward, Commune, Town, Hamlet or ResidentialGroup")] UnitLevel? Level,
    [property: Description("Parent unit; only a national administrator may create or move a top-level unit")] int? ParentId = null,
    [property: Description("Remote or disadvantaged area (longer statutory deadlines)")] bool IsRemoteArea = false);

public sealed record AgencyResponse(int Id, int UnitId, AgencyKind Kind, string Code, string Name);

public sealed record AgencyRequest(
    [property: Required, Description("The unit the agency belongs to")] int? UnitId,
    [property: Required, Description("PeoplesCouncil, PeoplesCommittee, ServiceCentre, PublicServiceUnit or Other")] AgencyKind? Kind,
    [property: Required, MaxLength(Limits.Code), Description("Unique agency code")] string Code,
    [property: Required, MaxLength(Limits.Name)] string Name);

public sealed record OfficialResponse(
    int Id, int AgencyId, string StaffCode, string FullName, string Position, bool IsLeader, DateOnly ActiveFrom, DateOnly? ActiveTo);

public sealed record OfficialRequest(
    [property: Required] int? AgencyId,
    [property: Required, MaxLength(Limits.Code), Description("Unique staff code")] string StaffCode,
    [property: Required, MaxLength(Limits.Name)] string FullName,
    [property: Required, MaxLength(Limits.Position)] string Position,
    [property: Required, Description("First day in service")] DateOnly? ActiveFrom,
    [property: Description("Người đứng đầu / lãnh đạo")] bool IsLeader = false,
    [property: Description("Last day in service; empty while serving")] DateOnly? ActiveTo = null);

public sealed record TransferRequest([property: Required, Description("The agency (of the caller's jurisdiction) the official moves to")] int? AgencyId);

public sealed record EndOfServiceRequest([property: Required, Description("Last day in service")] DateOnly? ActiveTo);

public sealed record ServicePointResponse(int Id, int AgencyId, string Code, string Name);

public sealed record ServicePointRequest(
    [property: Required, Description("The service centre the counter belongs to")] int? AgencyId,
    [property: Required, MaxLength(Limits.Code), Description("Unique counter code")] string Code,
    [property: Required, MaxLength(Limits.Name)] string Name);

public sealed record ShiftResponse(long Id, int ServicePointId, int OfficialId, string OfficialName, DateTimeOffset StartsAt, DateTimeOffset? EndsAt);

public sealed record ShiftRequest(
    [property: Required, Description("The official who staffs the counter")] int? OfficialId,
    [property: Required] DateTimeOffset? StartsAt,
    [property: Description("End of the shift (exclusive); empty while ongoing")] DateTimeOffset? EndsAt = null);

public sealed record ProcedureResponse(int Id, string Code, string Name, string Field);

public sealed record ProcedureRequest(
    [property: Required, MaxLength(Limits.Code), Description("Code in the national procedure database; unique")] string Code,
    [property: Required, MaxLength(Limits.ProcedureName)] string Name,
    [property: Required, MaxLength(Limits.Name), Description("Field (lĩnh vực), e.g. Hộ tịch")] string Field);

public sealed record ImportResult([property: Description("Rows imported")] int Imported);

public sealed record CsvRowError(
    [property: Description("Row number in the file; the header is row 1")] int Row,
    [property: Description("Column name, or empty when the whole row is at fault")] string Column,
    string Message)
{
    // Not on the wire: the API's clients read Message; a page words the reason itself (OfficialImport_Reason_*).
    [JsonIgnore] public CsvRowReason? Reason { get; init; }

    [JsonIgnore] public IReadOnlyList<object> Values { get; init; } = [];
}

/// <summary>Why a CSV row was refused, for a reader that words it in its own language; null for reasons only the message says.</summary>
public enum CsvRowReason
{
    Required,
    TooLong,
    RefusedCharacter,
    NotBoolean,
    NotDate,
    UnknownAgency,
    Exists,
    DuplicateInFile,
    EndsBeforeStart,
}
