using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Registry;
using Npgsql;

namespace HaiLong.Api.Features.Responses;

/// <summary>Whom and what a rating is about, as the citizen sees it.</summary>
public sealed record SurveySubject(string UnitName, string? OfficialName, string? OfficialPosition, string? ProcedureName,
    string? ServicePointName, string? MeetingTitle, int? Year)
{
    /// <summary>For a form that nobody sees: the submission API stores and refuses without the names.</summary>
    public static readonly SurveySubject NotRead = new("", null, null, null, null, null, null);
}

/// <summary>An invitation with everything the form needs, looked up by token.</summary>
public sealed record SurveyForm(
    long InvitationId, InvitationKind Kind, LinkState State, int SurveyVersionId, string TemplateNameVi, string TemplateNameEn,
    int UnitId, int? AgencyId, int? OfficialId, int? ProcedureId, int? ServicePointId, SurveySubject Subject, IReadOnlyList<SurveyQuestion> Questions,
    DateTimeOffset? StateChangesAt = null)
{
    public bool IsStanding => !LinkRules.IsSingleUse(Kind);

    /// <summary>The questions this link may answer: all of them, or only overall satisfaction for the general fallback.</summary>
    public IReadOnlyList<SurveyQuestion> AnswerableQuestions =>
        State == LinkState.GeneralFallback ? Questions.Where(q => q.Criterion == Criteria.Overall).ToList() : Questions;
}

public sealed class SurveyForms(NpgsqlDataSource dataSource, TimeProvider clock, PublishedVersions versions, StandingFormCache cache)
{
    // Every form view and every submission starts here (BENCHMARKS.md §2–3), so it is one hand-written statement: the link,
    // the names the citizen sees and, for a counter, whoever is on shift now.
    private static readonly string LookupSql = $"""
        SELECT i.id, i.kind, i.survey_version_id, i.unit_id, i.agency_id, i.official_id, i.procedure_id, i.service_point_id, i.year,
               i.revoked_at, i.used_at, i.expires_at, i.valid_from,
               u.name, o.full_name, o.position, p.name, sp.name, m.title, duty.full_name, duty.position
        FROM invitations i
        JOIN units u ON u.id = i.unit_id
        LEFT JOIN officials o ON o.id = i.official_id
        LEFT JOIN procedures p ON p.id = i.procedure_id
        LEFT JOIN service_points sp ON sp.id = i.service_point_id
        LEFT JOIN meetings m ON m.id = i.meeting_id
        LEFT JOIN officials duty ON i.kind = 'Counter' AND duty.id = {OnDuty.OfficialIdSql("i.service_point_id")}
        WHERE i.token_hash = @hash
        """;

    /// <summary>For showing a form only: a standing QR's open form may come from <see cref="StandingFormCache"/>.</summary>
    public async Task<SurveyForm?> FindForViewAsync(string token, CancellationToken ct)
    {
        if (cache.TryGet(token, out var cached)) return cached;
        var form = await FindAsync(token, ct);
        if (form is not null) cache.Add(token, form);
        return form;
    }

    /// <summary>The link as the database has it now; every submission uses this.</summary>
    public Task<SurveyForm?> FindAsync(string token, CancellationToken ct) => FindAsync(null, token, ct);

    /// <summary>The same on a connection the caller keeps open for what follows (the submission API stores on it too).</summary>
    public async Task<SurveyForm?> FindAsync(NpgsqlConnection? connection, string token, CancellationToken ct)
    {
        if (!InvitationTokens.IsWellFormed(token)) return null;
        var now = clock.GetUtcNow();
        if (await ReadLinkAsync(connection, InvitationTokens.Hash(token), now, ct) is not { } found) return null;
        var (link, subject) = found;
        return await FormAsync(link, subject, now, connection, ct);
    }

    /// <summary>
    /// The form of a link already read (its questions from <see cref="PublishedVersions"/>), in its state at
    /// <paramref name="now"/>; a version the cache lacks is read on <paramref name="connection"/> when the caller holds one.
    /// </summary>
    public async Task<SurveyForm> FormAsync(Invitation link, SurveySubject subject, DateTimeOffset now, NpgsqlConnection? connection,
        CancellationToken ct)
    {
        var version = await versions.GetAsync(link.SurveyVersionId, ct, connection);
        var changesAt = link.ValidFrom > now ? link.ValidFrom : link.ExpiresAt > now ? link.ExpiresAt : null;
        return new SurveyForm(link.Id, link.Kind, LinkRules.StateOf(link, now), link.SurveyVersionId, version.TemplateNameVi, version.TemplateNameEn,
            link.UnitId, link.AgencyId, link.OfficialId, link.ProcedureId, link.ServicePointId, subject, version.Questions, changesAt);
    }

    // The reader (and with it a pooled connection of its own) is released when this method returns, before anything else
    // is awaited.
    private async Task<(Invitation Link, SurveySubject Subject)?> ReadLinkAsync(NpgsqlConnection? connection, byte[] hash, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var cmd = connection is null ? dataSource.CreateCommand(LookupSql) : new NpgsqlCommand(LookupSql, connection);
        cmd.Parameters.Add(new NpgsqlParameter<byte[]>("hash", hash));
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        int? Int(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

        var link = new Invitation
        {
            Id = r.GetInt64(0), TokenHash = hash, Kind = Enum.Parse<InvitationKind>(r.GetString(1)), SurveyVersionId = r.GetInt32(2),
            UnitId = r.GetInt32(3), AgencyId = Int(4), OfficialId = Int(5), ProcedureId = Int(6), ServicePointId = Int(7), Year = Int(8),
            RevokedAt = Time(9), UsedAt = Time(10), ExpiresAt = Time(11), ValidFrom = Time(12),
        };
        var counter = link.Kind == InvitationKind.Counter && link.ServicePointId is not null;
        var subject = new SurveySubject(r.GetString(13), counter ? Text(19) : Text(14), counter ? Text(20) : Text(15), Text(16), Text(17),
            Text(18), link.Year);
        return (link, subject);
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
    private volatile LikelyVersion? _singleUse;

    /// <summary>A published version by its id, and its content.</summary>
    public sealed record LikelyVersion(int Id, VersionContent Content);

    /// <summary>
    /// The published version the last single-use link (a transaction QR, a yearly slip) stored by this process was answered
    /// with: the next one most likely has the same, so its answers are checked against it before anything is read and the
    /// submission is one statement that stores only if the link has this version (<see cref="SubmissionStore"/>). Null until
    /// the first; a link of another version costs one statement that stores nothing, and then makes its version the likely one.
    /// </summary>
    public LikelyVersion? LikelySingleUse => _singleUse;

    public void NoteSingleUseAnswered(int versionId)
    {
        if (_singleUse?.Id != versionId && _published.TryGetValue(versionId, out var content)) _singleUse = new LikelyVersion(versionId, content);
    }

    /// <summary>
    /// On <paramref name="connection"/> when the caller holds one (the submission API): a second connection from the same
    /// bounded pool while holding the first deadlocks once as many requests as the pool holds miss this cache at once (a
    /// restart under load, a newly published version) — each waits for a connection the others hold, until the pool's timeout.
    /// </summary>
    public async Task<VersionContent> GetAsync(int versionId, CancellationToken ct, NpgsqlConnection? connection = null)
    {
        if (_published.TryGetValue(versionId, out var cached)) return cached;
        await using var scope = scopes.CreateAsyncScope();
        // On the caller's connection, a context of its own: the app's contexts are pooled, and one given another connection
        // would go back to the pool holding it (SetDbConnection even disposes the context's own), failing the next request.
        await using var own = connection is null ? null
            : new HaiLongDbContext(new DbContextOptionsBuilder<HaiLongDbContext>().UseHaiLongPostgres(connection).Options);
        var db = own ?? scope.ServiceProvider.GetRequiredService<HaiLongDbContext>();
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

    /// <summary>Clears the cache whenever this process saves a change to a standing invitation, a shift or an official.</summary>
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
            if (context is null) return;
            // The save has just accepted every change; another change-detection pass over a big import would find nothing.
            var tracker = context.ChangeTracker;
            var detect = tracker.AutoDetectChangesEnabled;
            tracker.AutoDetectChangesEnabled = false;
            try
            {
                // A single-use link is never cached, so issuing one (most saves of an invitation) leaves the cache alone;
                // clearing it took every lock of the dictionary on each issue (BENCHMARKS.md §4).
                if (tracker.Entries().Any(e => e.Entity is Invitation i && !LinkRules.IsSingleUse(i.Kind)
                    || e.Entity is ServicePointShift or Official or ServicePoint))
                {
                    cache.Clear();
                }
            }
            finally
            {
                tracker.AutoDetectChangesEnabled = detect;
            }
        }
    }
}
