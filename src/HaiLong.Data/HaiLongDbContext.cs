using HaiLong.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HaiLong.Data;

public sealed class HaiLongDbContext(DbContextOptions<HaiLongDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>Shared data-protection keys, so cookies and tokens stay valid across restarts and replicas.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AdministrativeUnit> Units => Set<AdministrativeUnit>();
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Official> Officials => Set<Official>();
    public DbSet<ServicePoint> ServicePoints => Set<ServicePoint>();
    public DbSet<ServicePointShift> ServicePointShifts => Set<ServicePointShift>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SurveyTemplate> SurveyTemplates => Set<SurveyTemplate>();
    public DbSet<SurveyVersion> SurveyVersions => Set<SurveyVersion>();
    public DbSet<SurveyQuestion> SurveyQuestions => Set<SurveyQuestion>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<Response> Responses => Set<Response>();
    public DbSet<ResponseAnswer> ResponseAnswers => Set<ResponseAnswer>();
    public DbSet<PendingRollup> PendingRollups => Set<PendingRollup>();
    public DbSet<Rollup> Rollups => Set<Rollup>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<InstallationSecret> InstallationSecrets => Set<InstallationSecret>();

    // Cases: petitions, reflections, complaints and denunciations, and the inspection boards that handle them.
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseContact> CaseContacts => Set<CaseContact>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<CaseAttachment> CaseAttachments => Set<CaseAttachment>();
    public DbSet<InspectionBoard> InspectionBoards => Set<InspectionBoard>();
    public DbSet<InspectionBoardMember> InspectionBoardMembers => Set<InspectionBoardMember>();
    public DbSet<PublicHoliday> PublicHolidays => Set<PublicHoliday>();
    public DbSet<StaffNotification> StaffNotifications => Set<StaffNotification>();
    // Scorecards
    public DbSet<ProcedureRollup> ProcedureRollups => Set<ProcedureRollup>();
    // Evaluations (yearly evaluation of officials and leaders)
    public DbSet<EvaluationPolicy> EvaluationPolicies => Set<EvaluationPolicy>();
    public DbSet<EvaluationCycle> EvaluationCycles => Set<EvaluationCycle>();
    public DbSet<EvaluationProgress> EvaluationProgress => Set<EvaluationProgress>();
    public DbSet<EvaluationTarget> EvaluationTargets => Set<EvaluationTarget>();
    public DbSet<EvaluationDossierFigures> EvaluationDossierFigures => Set<EvaluationDossierFigures>();
    public DbSet<EvaluationResult> EvaluationResults => Set<EvaluationResult>();

    public DbSet<Household> Households => Set<Household>();
    public DbSet<ConsultationPolicy> ConsultationPolicies => Set<ConsultationPolicy>();
    public DbSet<Consultation> Consultations => Set<Consultation>();
    public DbSet<ConsultationItem> ConsultationItems => Set<ConsultationItem>();
    public DbSet<ConsultationDocument> ConsultationDocuments => Set<ConsultationDocument>();
    public DbSet<ConsultationRollEntry> ConsultationRoll => Set<ConsultationRollEntry>();
    public DbSet<ConsultationBallot> ConsultationBallots => Set<ConsultationBallot>();
    public DbSet<ConsultationTally> ConsultationTallies => Set<ConsultationTally>();
    public DbSet<PaperBallotKeying> PaperBallotKeyings => Set<PaperBallotKeying>();
    public DbSet<ConsultationConflict> ConsultationConflicts => Set<ConsultationConflict>();
    public DbSet<CommunityConvention> CommunityConventions => Set<CommunityConvention>();
    public DbSet<ConventionVersion> ConventionVersions => Set<ConventionVersion>();
    public DbSet<ConventionReview> ConventionReviews => Set<ConventionReview>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(HaiLongDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text: readable in SQL, CSV exports and hand-written queries, and safe to reorder.
        // Npgsql writes only UTC offsets to timestamptz; callers in Vietnam naturally pass +07:00.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<UnitLevel>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AgencyKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<SurveyPurpose>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<QuestionKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<InvitationKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<SubjectKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<PeriodKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ReviewItemKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<HeldResponsesVerdict>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CaseType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CaseStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<NotificationKind>().HaveConversion<string>().HaveMaxLength(32);
        // Evaluations
        configurationBuilder.Properties<EvaluationStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<EvaluationLevel>().HaveConversion<string>().HaveMaxLength(32);
    }
}

internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
