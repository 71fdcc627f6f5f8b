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
    int UnitId, int? AgencyId, int? OfficialId, int? ProcedureId, int? ServicePointId, SurveySubject Subject, IReadOnlyList<SurveyQuestion> Questions,
    DateTimeOffset? StateChangesAt = null)
{
    public bool IsStanding => Kind is not InvitationKind.Transaction;

    /// <summary>The questions this link may answer: all of them, or only overall satisfaction for the general fallback.</summary>
    public IReadOnlyList<SurveyQuestion> AnswerableQuestions =>
        State == LinkState.GeneralFallback ? Questions.Where(q => q.Criterion == Criteria.Overall).ToList() : Questions;
}

public sealed class SurveyForms(HaiLongDbContext db, TimeProvider clock, PublishedVersions versions, StandingFormCache cache)
{
    /// <summary>For showing a form only: a standing QR's open form may come from <see cref="StandingFormCache"/>.</summary>
    public async Task<SurveyForm?> FindForViewAsync(string token, CancellationToken ct)
    {
        if (cache.TryGet(token, out var cached)) return cached;
        var form = await FindAsync(token, ct);
        if (form is not null) cache.Add(token, form);
        return form;
    }

    /// <summary>The link as the database has it now; every submission uses this.</summary>
    public async Task<SurveyForm?> FindAsync(string token, CancellationToken ct)
    {
        if (!InvitationTokens.IsWellFormed(token)) return null;
        var hash = InvitationTokens.Hash(token);
        // One flat query: this runs on every form view and every submission (BENCHMARKS.md §2–3).
        var i = await db.Invitations.AsNoTracking()
            .Where(x => x.TokenHash == hash)
            .Select(x => new
            {
                x.Id, x.Kind, x.SurveyVersionId, x.UnitId, x.AgencyId, x.OfficialId, x.ProcedureId, x.ServicePointId, x.Year,
                x.RevokedAt, x.UsedAt, x.ExpiresAt, x.ValidFrom,
                UnitName = x.Unit.Name,
                OfficialName = x.Official == null ? null : x.Official.FullName,
                OfficialPosition = x.Official == null ? null : x.Official.Position,
                ProcedureName = x.Procedure == null ? null : x.Procedure.Name,
                ServicePointName = x.ServicePoint == null ? null : x.ServicePoint.Name,
                MeetingTitle = x.Meeting == null ? null : x.Meeting.Title,
            })
            .SingleOrDefaultAsync(ct);
        if (i is null) return null;
        var now = clock.GetUtcNow();
        var state = StateOf(new Invitation
        {
            TokenHash = hash, Kind = i.Kind, RevokedAt = i.RevokedAt, UsedAt = i.UsedAt, ExpiresAt = i.ExpiresAt, ValidFrom = i.ValidFrom,
        }, now);
        var officialName = i.OfficialName;
        var officialPosition = i.OfficialPosition;
        if (i.Kind == InvitationKind.Counter && i.ServicePointId is { } sp)
        {
            var onDuty = await OnDutyQuery(db, sp, now).Select(s => new { s.Official.FullName, s.Official.Position }).FirstOrDefaultAsync(ct);
            officialName = onDuty?.FullName;
            officialPosition = onDuty?.Position;
        }
        var version = await versions.GetAsync(i.SurveyVersionId, ct);
        var subject = new SurveySubject(i.UnitName, officialName, officialPosition, i.ProcedureName, i.ServicePointName, i.MeetingTitle, i.Year);
        var changesAt = i.ValidFrom > now ? i.ValidFrom : i.ExpiresAt > now ? i.ExpiresAt : null;
        return new SurveyForm(i.Id, i.Kind, state, i.SurveyVersionId, version.TemplateNameVi, version.TemplateNameEn,
            i.UnitId, i.AgencyId, i.OfficialId, i.ProcedureId, i.ServicePointId, subject, version.Questions, changesAt);
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

/// <summary>A survey version's template names and ordered questions.</summary>
public sealed record VersionContent(string TemplateNameVi, string TemplateNameEn, IReadOnlyList<SurveyQuestion> Questions);

/// <summary>
/// Published versions never change, so their questions are read once per process and kept; a draft is read every time.
/// </summary>
public sealed class PublishedVersions(IServiceScopeFactory scopes)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, VersionContent> _published = new();

    public async Task<VersionContent> GetAsync(int versionId, CancellationToken ct)
    {
        if (_published.TryGetValue(versionId, out var cached)) return cached;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HaiLongDbContext>();
        var v = await db.SurveyVersions.AsNoTracking().Include(x => x.Template).Include(x => x.Questions)
            .SingleAsync(x => x.Id == versionId, ct);
        var content = new VersionContent(v.Template.NameVi, v.Template.NameEn, v.Questions.OrderBy(q => q.Order).ToList());
        if (v.PublishedAt is not null) _published.TryAdd(versionId, content);
        return content;
    }
}

/// <summary>
/// The open forms of standing QR codes (a counter's, a meeting's, a year's), kept for a few seconds: a queue at a counter
/// fetches the same form again and again, and reading it from the database each time capped the form at ~1,000 views a
/// second (BENCHMARKS.md §3). Submissions never read from here, so a stale entry can at worst show a form whose POST is
/// then refused, or the previous official's name for a few seconds; the stored response's official is read when it is
/// submitted. An entry also ends when the link's own state would change (a meeting's window closing).
/// </summary>
public sealed class StandingFormCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    // Standing links are few (counters, meetings, annual QRs); the bound only guards against a flood of distinct tokens.
    private const int Capacity = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (SurveyForm Form, DateTimeOffset Until)> _forms = new(StringComparer.Ordinal);

    public bool TryGet(string token, out SurveyForm form)
    {
        if (_forms.TryGetValue(token, out var entry) && entry.Until > clock.GetUtcNow())
        {
            form = entry.Form;
            return true;
        }
        form = null!;
        return false;
    }

    public void Add(string token, SurveyForm form)
    {
        if (!form.IsStanding || form.State != LinkState.Open) return;
        if (_forms.Count >= Capacity) _forms.Clear();
        var until = clock.GetUtcNow() + Lifetime;
        if (form.StateChangesAt is { } change && change < until) until = change;
        _forms[token] = (form, until);
    }

    public void Clear() => _forms.Clear();

    /// <summary>Clears the cache whenever this process saves a change to an invitation, a shift or an official.</summary>
    public sealed class Invalidation(StandingFormCache cache) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public override int SavedChanges(Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData, int result)
        {
            ClearIfRelevant(eventData.Context);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            ClearIfRelevant(eventData.Context);
            return ValueTask.FromResult(result);
        }

        private void ClearIfRelevant(DbContext? context)
        {
            if (context is not null && context.ChangeTracker.Entries().Any(e => e.Entity is Invitation or ServicePointShift or Official or ServicePoint)) cache.Clear();
        }
    }
}
