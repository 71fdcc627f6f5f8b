using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

internal sealed class SurveyTemplateConfiguration : IEntityTypeConfiguration<SurveyTemplate>
{
    public void Configure(EntityTypeBuilder<SurveyTemplate> b)
    {
        b.HasUniqueCode(t => t.Code);
        b.Property(t => t.NameVi).HasMaxLength(Limits.Name);
        b.Property(t => t.NameEn).HasMaxLength(Limits.Name);
        b.HasMany(t => t.Versions).WithOne(v => v.Template).HasForeignKey(v => v.TemplateId);
    }
}

internal sealed class SurveyVersionConfiguration : IEntityTypeConfiguration<SurveyVersion>
{
    public void Configure(EntityTypeBuilder<SurveyVersion> b)
    {
        b.HasIndex(v => new { v.TemplateId, v.Number }).IsUnique();
        b.HasMany(v => v.Questions).WithOne(q => q.Version).HasForeignKey(q => q.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyQuestionConfiguration : IEntityTypeConfiguration<SurveyQuestion>
{
    public void Configure(EntityTypeBuilder<SurveyQuestion> b)
    {
        b.Property(q => q.Criterion).HasMaxLength(Limits.Code);
        b.Property(q => q.CriterionGroup).HasMaxLength(Limits.Code);
        b.Property(q => q.TextVi).HasMaxLength(1000);
        b.Property(q => q.TextEn).HasMaxLength(1000);
        b.Property(q => q.Choices).HasMaxLength(4000);
        b.HasIndex(q => new { q.VersionId, q.Criterion }).IsUnique();
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.Property(i => i.DossierReference).HasMaxLength(Limits.Code);
        b.RefersTo(i => i.SurveyVersion, i => i.SurveyVersionId);
        b.RefersTo(i => i.Unit, i => i.UnitId);
        b.RefersTo(i => i.Agency, i => i.AgencyId);
        b.RefersTo(i => i.Official, i => i.OfficialId);
        b.RefersTo(i => i.Procedure, i => i.ProcedureId);
        b.RefersTo(i => i.ServicePoint, i => i.ServicePointId);
        b.RefersTo(i => i.Meeting, i => i.MeetingId);
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(m => m.Title).HasMaxLength(Limits.Name);
        b.Property(m => m.Agenda).HasMaxLength(Limits.MeetingAgenda);
        b.RefersTo(m => m.Unit, m => m.UnitId);
    }
}

internal sealed class ResponseConfiguration : IEntityTypeConfiguration<Response>
{
    public void Configure(EntityTypeBuilder<Response> b)
    {
        b.Property(r => r.Comment).HasMaxLength(Limits.Comment);
        b.Property(r => r.Language).HasMaxLength(8);
        b.Property(r => r.DeviceHash).HasMaxLength(64);
        b.Property(r => r.IpHash).HasMaxLength(64);
        // One response per invitation is enforced for single-use kinds by the conditional UPDATE; this index serves lookups.
        b.HasIndex(r => r.InvitationId);
        // The device window of a standing QR looks up one device's recent responses to one invitation.
        b.HasIndex(r => new { r.InvitationId, r.DeviceHash, r.SubmittedAt });
        b.HasIndex(r => new { r.UnitId, r.SubmittedAt });
        b.HasIndex(r => new { r.OfficialId, r.SubmittedAt });
        b.RefersTo(r => r.Invitation, r => r.InvitationId);
        b.RefersTo(r => r.SurveyVersion, r => r.SurveyVersionId);
        b.HasOne<ReviewItem>().WithMany().HasForeignKey(r => r.HeldByReviewItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => r.HeldByReviewItemId).HasFilter("held_by_review_item_id IS NOT NULL");
        b.HasMany(r => r.Answers).WithOne(a => a.Response).HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ResponseAnswerConfiguration : IEntityTypeConfiguration<ResponseAnswer>
{
    public void Configure(EntityTypeBuilder<ResponseAnswer> b)
    {
        b.HasKey(a => new { a.ResponseId, a.QuestionId });
        b.Property(a => a.Criterion).HasMaxLength(Limits.Code);
        b.Property(a => a.Text).HasMaxLength(Limits.Comment);
        // score holds only Likert ratings; yes/no and choices are kept in text, so rollups can sum scores blindly.
        b.ToTable(t => t.HasCheckConstraint("ck_response_answers_score", "score IS NULL OR score BETWEEN 1 AND 5"));
    }
}

internal sealed class PendingRollupConfiguration : IEntityTypeConfiguration<PendingRollup>
{
    public void Configure(EntityTypeBuilder<PendingRollup> b)
    {
        b.HasKey(p => p.ResponseId);
    }
}

internal sealed class RollupConfiguration : IEntityTypeConfiguration<Rollup>
{
    public void Configure(EntityTypeBuilder<Rollup> b)
    {
        b.HasKey(r => new { r.SubjectKind, r.SubjectId, r.PeriodKind, r.PeriodStart, r.Criterion });
        b.Property(r => r.Criterion).HasMaxLength(Limits.Code);
        b.HasRollupStats(r => r.Stats);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasKey(r => new { r.Scope, r.Key });
        b.Property(r => r.Key).HasMaxLength(128);
        b.Property(r => r.Scope).HasMaxLength(128);
        b.Property(r => r.Body).HasColumnType("text");
        b.Property(r => r.RequestHash).HasMaxLength(64);
    }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> b)
    {
        b.Property(r => r.Summary).HasMaxLength(Limits.Comment);
        b.Property(r => r.DedupKey).HasMaxLength(256);
        b.Property(r => r.ReviewNote).HasMaxLength(Limits.Comment);
        b.HasIndex(r => r.DedupKey).IsUnique();
        b.HasIndex(r => new { r.UnitId, r.ReviewedAt });
    }
}
