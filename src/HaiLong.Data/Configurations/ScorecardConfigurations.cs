using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

internal sealed class ProcedureRollupConfiguration : IEntityTypeConfiguration<ProcedureRollup>
{
    public void Configure(EntityTypeBuilder<ProcedureRollup> b)
    {
        // Key order serves the read: one unit's procedures for one period.
        b.HasKey(r => new { r.UnitId, r.PeriodKind, r.PeriodStart, r.ProcedureId, r.Criterion });
        b.Property(r => r.Criterion).HasMaxLength(Limits.Code);
        b.HasRollupStats(r => r.Stats);
    }
}
