using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

/// <summary>Level of an administrative unit. District is kept for the legacy three-tier structure before 7/2025.</summary>
[JsonConverter(typeof(NamedEnumConverter<UnitLevel>))]
public enum UnitLevel
{
    Province,
    District,
    Ward,
    Commune,
    Town,
    Hamlet,
    ResidentialGroup,
}

public sealed class AdministrativeUnit : IAudited
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public UnitLevel Level { get; set; }
    public int? ParentId { get; set; }
    public AdministrativeUnit? Parent { get; set; }

    /// <summary>Materialised path of ids, "/1/5/12/", so a jurisdiction subtree is one indexed prefix match.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Remote or disadvantaged area: longer statutory deadlines for complaints apply.</summary>
    public bool IsRemoteArea { get; set; }
}

[JsonConverter(typeof(NamedEnumConverter<AgencyKind>))]
public enum AgencyKind
{
    PeoplesCouncil,
    PeoplesCommittee,
    ServiceCentre,
    PublicServiceUnit,
    Other,
}

public sealed class Agency : IAudited
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public AgencyKind Kind { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
}

public sealed class Official : IAudited
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    public Agency Agency { get; set; } = null!;
    public required string StaffCode { get; set; }
    public required string FullName { get; set; }
    public required string Position { get; set; }

    /// <summary>Người đứng đầu / lãnh đạo: evaluated on their agency's results too.</summary>
    public bool IsLeader { get; set; }
    public DateOnly ActiveFrom { get; set; }
    public DateOnly? ActiveTo { get; set; }
}

/// <summary>A counter at a service centre.</summary>
public sealed class ServicePoint : IAudited
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    public Agency Agency { get; set; } = null!;
    public required string Code { get; set; }
    public required string Name { get; set; }
}

/// <summary>Who staffed a counter from when to when; a counter-QR response is attributed through this.</summary>
public sealed class ServicePointShift : IAudited
{
    public long Id { get; set; }
    public int ServicePointId { get; set; }
    public ServicePoint ServicePoint { get; set; } = null!;
    public int OfficialId { get; set; }
    public Official Official { get; set; } = null!;
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
}

/// <summary>Thủ tục hành chính, keyed by its code in the national procedure database.</summary>
public sealed class Procedure : IAudited
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Field { get; set; }
}
