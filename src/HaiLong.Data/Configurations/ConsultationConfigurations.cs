using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

public static class ConsultationLimits
{
    public const int Title = 256;
    public const int Text = 8000;
    public const int Address = 256;
    public const int Place = 256;
    public const int Notes = 8000;
    public const int Option = 256;
    public const int Decision = 64;
    public const int FileName = 200;
    public const int ContentType = 128;
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.Property(h => h.Code).HasMaxLength(Limits.Code);
        b.HasIndex(h => new { h.UnitId, h.Code }).IsUnique();
        b.Property(h => h.RepresentativeName).HasMaxLength(Limits.Name);
        b.Property(h => h.Address).HasMaxLength(ConsultationLimits.Address);
        b.RefersTo(h => h.Unit, h => h.UnitId);
        b.HasOne<Household>().WithMany().HasForeignKey(h => h.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(h => h.SplitFromId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationPolicyConfiguration : IEntityTypeConfiguration<ConsultationPolicy>
{
    public void Configure(EntityTypeBuilder<ConsultationPolicy> b)
    {
        b.HasKey(p => p.Version);
        b.Property(p => p.Version).ValueGeneratedNever();
        b.Property(p => p.MeetingQuorumShare).HasPrecision(5, 4);
        b.Property(p => p.DecisionShare).HasPrecision(5, 4);
        b.Property(p => p.LegalBasis).HasMaxLength(Limits.Comment);
        b.HasData(new ConsultationPolicy
        {
            Version = 1,
            MeetingQuorumShare = 0.5m,
            DecisionShare = 0.5m,
            LegalBasis = "Luật Thực hiện dân chủ ở cơ sở 2022 (nội dung Nhân dân bàn và quyết định); Nghị định 59/2023/NĐ-CP; "
                + "Nghị định 61/2023/NĐ-CP: hội nghị hợp lệ khi có trên 50% đại diện hộ gia đình tham dự; nội dung được "
                + "quyết định khi có trên 50% tổng số hộ gia đình trên địa bàn tán thành.",
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
    }
}

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> b)
    {
        b.Property(c => c.Title).HasMaxLength(ConsultationLimits.Title);
        b.Property(c => c.Description).HasMaxLength(ConsultationLimits.Text);
        b.Property(c => c.MeetingPlace).HasMaxLength(ConsultationLimits.Place);
        b.Property(c => c.MeetingChair).HasMaxLength(Limits.Name);
        b.Property(c => c.MeetingSecretary).HasMaxLength(Limits.Name);
        b.Property(c => c.MeetingNotes).HasMaxLength(ConsultationLimits.Notes);
        b.HasIndex(c => new { c.UnitId, c.Status });
        b.RefersTo(c => c.Unit, c => c.UnitId);
        b.HasOne<ConsultationPolicy>().WithMany().HasForeignKey(c => c.PolicyVersion).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CommunityConvention>().WithMany().HasForeignKey(c => c.ConventionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.ConsultationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsultationItemConfiguration : IEntityTypeConfiguration<ConsultationItem>
{
    public void Configure(EntityTypeBuilder<ConsultationItem> b)
    {
        b.Property(i => i.Title).HasMaxLength(ConsultationLimits.Title);
        b.Property(i => i.Text).HasMaxLength(ConsultationLimits.Text);
        b.HasIndex(i => new { i.ConsultationId, i.Position }).IsUnique();
    }
}

internal sealed class ConsultationDocumentConfiguration : IEntityTypeConfiguration<ConsultationDocument>
{
    public void Configure(EntityTypeBuilder<ConsultationDocument> b)
    {
        b.Property(d => d.FileName).HasMaxLength(ConsultationLimits.FileName);
        b.Property(d => d.ContentType).HasMaxLength(ConsultationLimits.ContentType);
        b.HasOne<Consultation>().WithMany().HasForeignKey(d => d.ConsultationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsultationRollEntryConfiguration : IEntityTypeConfiguration<ConsultationRollEntry>
{
    public void Configure(EntityTypeBuilder<ConsultationRollEntry> b)
    {
        b.ToTable("consultation_roll");
        b.Property(r => r.HouseholdCode).HasMaxLength(Limits.Code);
        b.Property(r => r.RepresentativeName).HasMaxLength(Limits.Name);
        b.Property(r => r.Address).HasMaxLength(ConsultationLimits.Address);
        b.HasIndex(r => new { r.ConsultationId, r.HouseholdId }).IsUnique();
        b.HasIndex(r => r.BallotCodeHash).IsUnique();
        b.HasOne<Consultation>().WithMany().HasForeignKey(r => r.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationBallotConfiguration : IEntityTypeConfiguration<ConsultationBallot>
{
    public void Configure(EntityTypeBuilder<ConsultationBallot> b)
    {
        // A random key on purpose (not a sequence): nothing in a ballot orders it against the roll.
        b.Property(x => x.Id).HasDefaultValueSql("gen_random_uuid()");
        b.HasIndex(x => x.ConsultationId);
        b.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConsultationItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationTallyConfiguration : IEntityTypeConfiguration<ConsultationTally>
{
    public void Configure(EntityTypeBuilder<ConsultationTally> b)
    {
        b.HasKey(t => new { t.ConsultationId, t.ItemId, t.Choice, t.Channel });
        b.HasOne<Consultation>().WithMany().HasForeignKey(t => t.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConsultationItem>().WithMany().HasForeignKey(t => t.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaperBallotKeyingConfiguration : IEntityTypeConfiguration<PaperBallotKeying>
{
    public void Configure(EntityTypeBuilder<PaperBallotKeying> b)
    {
        b.Property(k => k.FirstChoices).HasColumnType("jsonb");
        b.Property(k => k.SecondChoices).HasColumnType("jsonb");
        b.HasIndex(k => k.RollEntryId).IsUnique();
        b.HasIndex(k => new { k.ConsultationId, k.State });
        b.HasOne<Consultation>().WithMany().HasForeignKey(k => k.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConsultationRollEntry>().WithMany().HasForeignKey(k => k.RollEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationConflictConfiguration : IEntityTypeConfiguration<ConsultationConflict>
{
    public void Configure(EntityTypeBuilder<ConsultationConflict> b)
    {
        b.HasIndex(c => c.ConsultationId);
        b.HasOne<Consultation>().WithMany().HasForeignKey(c => c.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConsultationRollEntry>().WithMany().HasForeignKey(c => c.RollEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CommunityConventionConfiguration : IEntityTypeConfiguration<CommunityConvention>
{
    public void Configure(EntityTypeBuilder<CommunityConvention> b)
    {
        b.Property(c => c.Title).HasMaxLength(ConsultationLimits.Title);
        b.HasIndex(c => c.UnitId);
        b.RefersTo(c => c.Unit, c => c.UnitId);
        b.HasMany(c => c.Versions).WithOne().HasForeignKey(v => v.ConventionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Reviews).WithOne().HasForeignKey(r => r.ConventionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConventionVersionConfiguration : IEntityTypeConfiguration<ConventionVersion>
{
    public void Configure(EntityTypeBuilder<ConventionVersion> b)
    {
        b.HasIndex(v => new { v.ConventionId, v.Number }).IsUnique();
        b.Property(v => v.Summary).HasMaxLength(Limits.Comment);
        b.Property(v => v.Text).HasMaxLength(ConsultationLimits.Text);
        b.Property(v => v.ApprovalDecision).HasMaxLength(ConsultationLimits.Decision);
        b.HasOne<Consultation>().WithMany().HasForeignKey(v => v.ConsultationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConventionReviewConfiguration : IEntityTypeConfiguration<ConventionReview>
{
    public void Configure(EntityTypeBuilder<ConventionReview> b)
    {
        b.Property(r => r.Note).HasMaxLength(Limits.Comment);
        b.HasIndex(r => new { r.ConventionId, r.ReviewedOn });
    }
}
