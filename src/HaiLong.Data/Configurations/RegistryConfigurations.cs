using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

public static class Limits
{
    public const int Code = 64;
    public const int Name = 256;
    public const int Position = 128;
    public const int ProcedureName = 512;
    public const int Comment = 2000;
    public const int MeetingAgenda = 4000;
}

internal sealed class AdministrativeUnitConfiguration : IEntityTypeConfiguration<AdministrativeUnit>
{
    public void Configure(EntityTypeBuilder<AdministrativeUnit> b)
    {
        b.HasUniqueCode(u => u.Code);
        b.Property(u => u.Name).HasMaxLength(Limits.Name);
        b.Property(u => u.Path).HasMaxLength(1024);
        // text_pattern_ops lets "path LIKE '/1/5/%'" use the index whatever the collation.
        b.HasIndex(u => u.Path).HasOperators("text_pattern_ops");
        b.RefersTo(u => u.Parent, u => u.ParentId);
    }
}

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> b)
    {
        b.HasUniqueCode(a => a.Code);
        b.Property(a => a.Name).HasMaxLength(Limits.Name);
        b.RefersTo(a => a.Unit, a => a.UnitId);
    }
}

internal sealed class OfficialConfiguration : IEntityTypeConfiguration<Official>
{
    public void Configure(EntityTypeBuilder<Official> b)
    {
        b.HasUniqueCode(o => o.StaffCode);
        b.Property(o => o.FullName).HasMaxLength(Limits.Name);
        b.Property(o => o.Position).HasMaxLength(Limits.Position);
        b.ToTable(t => t.HasCheckConstraint("ck_officials_active_period", "active_to IS NULL OR active_to >= active_from"));
        b.RefersTo(o => o.Agency, o => o.AgencyId);
    }
}

internal sealed class ServicePointConfiguration : IEntityTypeConfiguration<ServicePoint>
{
    public void Configure(EntityTypeBuilder<ServicePoint> b)
    {
        b.HasUniqueCode(s => s.Code);
        b.Property(s => s.Name).HasMaxLength(Limits.Name);
        b.RefersTo(s => s.Agency, s => s.AgencyId);
    }
}

internal sealed class ServicePointShiftConfiguration : IEntityTypeConfiguration<ServicePointShift>
{
    public void Configure(EntityTypeBuilder<ServicePointShift> b)
    {
        b.HasIndex(s => new { s.ServicePointId, s.StartsAt });
        // Overlaps are refused by an exclusion constraint written by hand in the Registry migration (EF cannot express it).
        b.ToTable(t => t.HasCheckConstraint("ck_service_point_shifts_period", "ends_at IS NULL OR ends_at > starts_at"));
        b.HasOne(s => s.ServicePoint).WithMany().HasForeignKey(s => s.ServicePointId).OnDelete(DeleteBehavior.Cascade);
        b.RefersTo(s => s.Official, s => s.OfficialId);
    }
}

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.HasUniqueCode(p => p.Code);
        b.Property(p => p.Name).HasMaxLength(Limits.ProcedureName);
        b.Property(p => p.Field).HasMaxLength(Limits.Name);
    }
}

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> b)
    {
        b.Property(u => u.FullName).HasMaxLength(Limits.Name);
        b.RefersTo(u => u.JurisdictionUnit, u => u.JurisdictionUnitId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(128);
        b.Property(a => a.EntityType).HasMaxLength(128);
        b.Property(a => a.EntityId).HasMaxLength(128);
        b.Property(a => a.Details).HasColumnType("jsonb");
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}

internal sealed class InstallationSecretConfiguration : IEntityTypeConfiguration<InstallationSecret>
{
    public void Configure(EntityTypeBuilder<InstallationSecret> b)
    {
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(Limits.Code);
    }
}
