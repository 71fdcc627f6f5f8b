using Microsoft.AspNetCore.Identity;

namespace HaiLong.Data.Entities;

public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string WardLeader = nameof(WardLeader);
    public const string ServiceStaff = nameof(ServiceStaff);
    public const string Inspector = nameof(Inspector);
    public const string Evaluator = nameof(Evaluator);
    /// <summary>Trưởng thôn / tổ trưởng tổ dân phố: keeps one hamlet's household register and runs its consultations (issue 19).</summary>
    public const string HamletHead = nameof(HamletHead);

    public static readonly string[] All = [Administrator, WardLeader, ServiceStaff, Inspector, Evaluator, HamletHead];
}

public sealed class StaffUser : IdentityUser<Guid>, IAudited
{
    public string FullName { get; set; } = "";

    /// <summary>Root of the unit subtree this user may see. Null only for a national administrator.</summary>
    public int? JurisdictionUnitId { get; set; }
    public AdministrativeUnit? JurisdictionUnit { get; set; }

    /// <summary>
    /// Set when someone other than the user chose the password (a one-time password from `admin create`, a reset): the user
    /// must choose their own before anything else is served to them.
    /// </summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>Append-only: the database refuses UPDATE and DELETE on this table.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string Action { get; set; }
    public string? EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? Details { get; set; }
}

/// <summary>Marks an entity whose every change is written to the audit log.</summary>
public interface IAudited;

/// <summary>
/// A secret generated once per installation and shared by every replica (e.g. the salt of the abuse-signal hashes), so
/// that nothing depends on one process's memory.
/// </summary>
public sealed class InstallationSecret
{
    public required string Name { get; set; }
    public required byte[] Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
