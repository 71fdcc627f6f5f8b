using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

public static class CaseLimits
{
    public const int TrackingCode = 10;
    public const int Content = 5000;
    public const int Answer = 5000;
    public const int Note = 2000;
    public const int ContactField = 256;
    public const int FileName = 200;
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.Property(c => c.TrackingCode).HasMaxLength(CaseLimits.TrackingCode);
        b.HasIndex(c => c.TrackingCode).IsUnique();
        b.Property(c => c.Content).HasMaxLength(CaseLimits.Content);
        b.Property(c => c.Channel).HasMaxLength(16);
        b.Property(c => c.RejectionReason).HasMaxLength(CaseLimits.Note);
        b.Property(c => c.Answer).HasMaxLength(CaseLimits.Answer);
        b.HasIndex(c => new { c.UnitId, c.Status });
        b.HasIndex(c => c.AssigneeId);
        b.RefersTo(c => c.Unit, c => c.UnitId);
        b.RefersTo(c => c.SubjectAgency, c => c.SubjectAgencyId);
        b.RefersTo(c => c.SubjectOfficial, c => c.SubjectOfficialId);
        b.RefersTo(c => c.Board, c => c.BoardId);
        b.RefersTo(c => c.Assignee, c => c.AssigneeId);
        b.HasOne<Response>().WithMany().HasForeignKey(c => c.ResponseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ReviewItem>().WithMany().HasForeignKey(c => c.ReviewItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.Contact).WithOne().HasForeignKey<CaseContact>(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Attachments).WithOne().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseContactConfiguration : IEntityTypeConfiguration<CaseContact>
{
    public void Configure(EntityTypeBuilder<CaseContact> b)
    {
        b.HasKey(x => x.CaseId);
        b.Property(x => x.Name).HasMaxLength(CaseLimits.ContactField);
        b.Property(x => x.Phone).HasMaxLength(32);
        b.Property(x => x.Email).HasMaxLength(CaseLimits.ContactField);
        b.Property(x => x.Address).HasMaxLength(CaseLimits.ContactField);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.Property(e => e.Action).HasMaxLength(32);
        b.Property(e => e.Note).HasMaxLength(CaseLimits.Answer);
        b.HasIndex(e => e.CaseId);
    }
}

internal sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> b)
    {
        b.Property(a => a.FileName).HasMaxLength(CaseLimits.FileName);
        b.Property(a => a.ContentType).HasMaxLength(64);
        b.HasIndex(a => a.CaseId);
    }
}

internal sealed class InspectionBoardConfiguration : IEntityTypeConfiguration<InspectionBoard>
{
    public void Configure(EntityTypeBuilder<InspectionBoard> b)
    {
        b.Property(x => x.Name).HasMaxLength(Limits.Name);
        b.HasIndex(x => x.UnitId).IsUnique();
        b.RefersTo(x => x.Unit, x => x.UnitId);
        b.HasMany(x => x.Members).WithOne(m => m.Board).HasForeignKey(m => m.BoardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionBoardMemberConfiguration : IEntityTypeConfiguration<InspectionBoardMember>
{
    public void Configure(EntityTypeBuilder<InspectionBoardMember> b)
    {
        b.HasKey(m => new { m.BoardId, m.UserId });
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublicHolidayConfiguration : IEntityTypeConfiguration<PublicHoliday>
{
    public void Configure(EntityTypeBuilder<PublicHoliday> b)
    {
        b.HasKey(h => h.Date);
        b.Property(h => h.Name).HasMaxLength(Limits.Name);
    }
}

internal sealed class StaffNotificationConfiguration : IEntityTypeConfiguration<StaffNotification>
{
    public void Configure(EntityTypeBuilder<StaffNotification> b)
    {
        b.Property(n => n.Audience).HasMaxLength(32);
        b.Property(n => n.Title).HasMaxLength(Limits.Name);
        b.Property(n => n.Body).HasMaxLength(8000);
        b.Property(n => n.DedupKey).HasMaxLength(128);
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => new { n.UnitId, n.CreatedAt });
    }
}
