using HaiLong.Api.Features.Invitations;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HaiLong.Api.Features.Responses;

/// <summary>Where a survey link stands right now.</summary>
public enum LinkState
{
    /// <summary>The full survey may be answered.</summary>
    Open,
    /// <summary>An expired, never-used transaction link: a general rating of the ward only.</summary>
    GeneralFallback,
    Unknown,
    Used,
    Revoked,
    /// <summary>Before a meeting's (or a year's) window opens.</summary>
    NotYetOpen,
    /// <summary>After a meeting's (or a year's) window closed.</summary>
    Closed,
}

/// <summary>Whom and what a rating is about, as the citizen sees it.</summary>
public sealed record SurveySubject(string UnitName, string? OfficialName, string? OfficialPosition, string? ProcedureName,
    string? ServicePointName, string? MeetingTitle, int? Year);

/// <summary>An invitation with everything the form needs, looked up by token.</summary>
public sealed record SurveyForm(
    long InvitationId, InvitationKind Kind, LinkState State, int SurveyVersionId, string TemplateNameVi, string TemplateNameEn,
    int UnitId, int? AgencyId, int? OfficialId, int? ProcedureId, int? ServicePointId, SurveySubject Subject, IReadOnlyList<SurveyQuestion> Questions)
{
    public bool IsStanding => Kind is not InvitationKind.Transaction;

    /// <summary>The questions this link may answer: all of them, or only overall satisfaction for the general fallback.</summary>
    public IReadOnlyList<SurveyQuestion> AnswerableQuestions =>
        State == LinkState.GeneralFallback ? Questions.Where(q => q.Criterion == Criteria.Overall).ToList() : Questions;
}

public sealed class SurveyForms(HaiLongDbContext db, TimeProvider clock)
{
    public async Task<SurveyForm?> FindAsync(string token, CancellationToken ct)
    {
        if (!InvitationTokens.IsWellFormed(token)) return null;
        var hash = InvitationTokens.Hash(token);
        var i = await db.Invitations.AsNoTracking()
            .Include(x => x.Unit).Include(x => x.Official).Include(x => x.Procedure).Include(x => x.ServicePoint).Include(x => x.Meeting)
            .Include(x => x.SurveyVersion).ThenInclude(v => v.Template)
            .Include(x => x.SurveyVersion).ThenInclude(v => v.Questions)
            .AsSplitQuery()
            .SingleOrDefaultAsync(x => x.TokenHash == hash, ct);
        if (i is null) return null;
        var now = clock.GetUtcNow();
        var state = StateOf(i, now);
        var officialName = i.Official?.FullName;
        var officialPosition = i.Official?.Position;
        if (i.Kind == InvitationKind.Counter && i.ServicePointId is { } sp)
        {
            var onDuty = await OnDutyQuery(db, sp, now).Select(s => new { s.Official.FullName, s.Official.Position }).FirstOrDefaultAsync(ct);
            officialName = onDuty?.FullName;
            officialPosition = onDuty?.Position;
        }
        var subject = new SurveySubject(i.Unit.Name, officialName, officialPosition, i.Procedure?.Name, i.ServicePoint?.Name, i.Meeting?.Title, i.Year);
        return new SurveyForm(i.Id, i.Kind, state, i.SurveyVersionId, i.SurveyVersion.Template.NameVi, i.SurveyVersion.Template.NameEn,
            i.UnitId, i.AgencyId, i.OfficialId, i.ProcedureId, i.ServicePointId, subject,
            i.SurveyVersion.Questions.OrderBy(q => q.Order).ToList());
    }

    /// <summary>Who staffed a counter at a moment: the latest shift that had started and not yet ended.</summary>
    public static IQueryable<ServicePointShift> OnDutyQuery(HaiLongDbContext db, int servicePointId, DateTimeOffset at) =>
        db.ServicePointShifts.AsNoTracking()
            .Where(s => s.ServicePointId == servicePointId && s.StartsAt <= at && (s.EndsAt == null || s.EndsAt > at))
            .OrderByDescending(s => s.StartsAt);

    public static LinkState StateOf(Invitation i, DateTimeOffset now)
    {
        if (i.RevokedAt is not null) return LinkState.Revoked;
        if (i.Kind == InvitationKind.Transaction)
        {
            if (i.UsedAt is not null) return LinkState.Used;
            return i.ExpiresAt is { } e && e <= now ? LinkState.GeneralFallback : LinkState.Open;
        }
        if (i.ValidFrom is { } from && now < from) return LinkState.NotYetOpen;
        if (i.ExpiresAt is { } until && now >= until) return LinkState.Closed;
        return LinkState.Open;
    }
}
