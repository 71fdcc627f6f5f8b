using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

internal sealed class EvaluationPolicyConfiguration : IEntityTypeConfiguration<EvaluationPolicy>
{
    public void Configure(EntityTypeBuilder<EvaluationPolicy> b)
    {
        b.HasIndex(p => p.Version).IsUnique();
        b.Property(p => p.Basis).HasMaxLength(Limits.Comment);
        foreach (var name in new[]
                 {
                     nameof(EvaluationPolicy.OfficialSatisfactionWeight), nameof(EvaluationPolicy.OfficialCasesWeight),
                     nameof(EvaluationPolicy.LeaderSatisfactionWeight), nameof(EvaluationPolicy.LeaderCasesWeight),
                     nameof(EvaluationPolicy.LeaderTargetsWeight), nameof(EvaluationPolicy.ExcellentFrom), nameof(EvaluationPolicy.GoodFrom),
                     nameof(EvaluationPolicy.CompletedFrom), nameof(EvaluationPolicy.ShrinkageStrength), nameof(EvaluationPolicy.WarningBelowRate),
                 })
        {
            b.Property(name).HasPrecision(9, 4);
        }
        b.Property(p => p.LeaderEvidence).HasColumnType("jsonb");
        b.Property(p => p.YearlyAnswers).HasConversion<string>().HasMaxLength(32);
        b.HasData(new EvaluationPolicy
        {
            Id = 1,
            Version = 1,
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Basis = "Mặc định: thang 100 điểm theo Nghị định 335/2025/NĐ-CP (≥ 90 / 70–< 90 / 50–< 70 / < 50); tối thiểu 50 phiếu.",
            OfficialSatisfactionWeight = 70,
            OfficialCasesWeight = 30,
            LeaderSatisfactionWeight = 50,
            LeaderCasesWeight = 25,
            LeaderTargetsWeight = 25,
            ExcellentFrom = 90,
            GoodFrom = 70,
            CompletedFrom = 50,
            MinimumResponses = 50,
            MinimumCasesDue = 10,
            MinimumTargetsReported = 1,
            ShrinkageStrength = 20,
            WarningBelowRate = 0.6m,
            WarningConsecutiveQuarters = 2,
            MinimumQuarterResponses = 30,
            LeaderEvidence = EvaluationPolicy.DefaultLeaderEvidence,
            YearlyAnswers = YearlyAnswersCounted.SampledAndOpen,
        });
    }
}

internal sealed class EvaluationCycleConfiguration : IEntityTypeConfiguration<EvaluationCycle>
{
    public void Configure(EntityTypeBuilder<EvaluationCycle> b)
    {
        b.HasIndex(c => new { c.UnitId, c.Year, c.Version }).IsUnique();
        b.RefersTo(c => c.Unit, c => c.UnitId);
        b.RefersTo(c => c.Policy, c => c.PolicyId);
        b.HasOne<EvaluationCycle>().WithMany().HasForeignKey(c => c.PreviousVersionId).OnDelete(DeleteBehavior.Restrict);
        // Plain text, not jsonb: the hash is over these exact bytes, and jsonb would reorder and reformat them.
        b.Property(c => c.Snapshot).HasColumnType("text");
        b.Property(c => c.SnapshotHash).HasMaxLength(64);
        b.Property(c => c.Inputs).HasColumnType("jsonb");
    }
}

internal sealed class EvaluationProgressConfiguration : IEntityTypeConfiguration<EvaluationProgress>
{
    public void Configure(EntityTypeBuilder<EvaluationProgress> b)
    {
        b.HasKey(p => p.CycleId);
        b.HasOne<EvaluationCycle>().WithOne().HasForeignKey<EvaluationProgress>(p => p.CycleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvaluationTargetConfiguration : IEntityTypeConfiguration<EvaluationTarget>
{
    public void Configure(EntityTypeBuilder<EvaluationTarget> b)
    {
        b.Property(t => t.Title).HasMaxLength(512);
        b.Property(t => t.Evidence).HasMaxLength(Limits.Comment);
        b.Property(t => t.TargetValue).HasPrecision(12, 4);
        b.Property(t => t.AchievedValue).HasPrecision(12, 4);
        b.HasIndex(t => new { t.CycleId, t.UnitId });
        b.HasOne(t => t.Cycle).WithMany().HasForeignKey(t => t.CycleId).OnDelete(DeleteBehavior.Cascade);
        b.RefersTo(t => t.Unit, t => t.UnitId);
    }
}

internal sealed class EvaluationDossierFiguresConfiguration : IEntityTypeConfiguration<EvaluationDossierFigures>
{
    public void Configure(EntityTypeBuilder<EvaluationDossierFigures> b)
    {
        b.HasKey(f => new { f.CycleId, f.UnitId });
        b.Property(f => f.Source).HasMaxLength(512);
        b.HasOne<EvaluationCycle>().WithMany().HasForeignKey(f => f.CycleId).OnDelete(DeleteBehavior.Cascade);
        b.RefersTo(f => f.Unit, f => f.UnitId);
    }
}

internal sealed class EvaluationResultConfiguration : IEntityTypeConfiguration<EvaluationResult>
{
    public void Configure(EntityTypeBuilder<EvaluationResult> b)
    {
        b.HasIndex(r => new { r.CycleId, r.OfficialId }).IsUnique();
        b.HasOne<EvaluationCycle>().WithMany().HasForeignKey(r => r.CycleId).OnDelete(DeleteBehavior.Cascade);
        b.RefersTo(r => r.Official, r => r.OfficialId);
        b.Property(r => r.Components).HasColumnType("jsonb");
        b.Property(r => r.Score).HasPrecision(7, 2);
        b.Property(r => r.Reason).HasColumnType("text");
        b.Property(r => r.Warning).HasMaxLength(Limits.Comment);
        b.Property(r => r.Note).HasMaxLength(Limits.Comment);
    }
}
