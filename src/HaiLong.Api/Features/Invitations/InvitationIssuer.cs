using Npgsql;
using HaiLong.Api.Features.Registry;
using HaiLong.Api.Features.Surveys;

namespace HaiLong.Api.Features.Invitations;

/// <summary>What an issue request asks for, whichever channel (API or staff page) it came through.</summary>
public sealed record IssueSpec(
    InvitationKind Kind,
    int? OfficialId = null,
    int? ProcedureId = null,
    string? DossierReference = null,
    int? ServicePointId = null,
    int? UnitId = null,
    string? MeetingTitle = null,
    DateTimeOffset? MeetingStartsAt = null,
    DateTimeOffset? MeetingEndsAt = null,
    int? Year = null,
    int? ExpiresInDays = null,
    string? MeetingAgenda = null);

public sealed record IssuedInvitation(Invitation Invitation, string Token);

/// <summary>A batch of yearly-survey slips: the ward, the year, when the slips stop taking answers, and each slip's code.</summary>
public sealed record IssuedSample(int UnitId, int Year, int SurveyVersionId, DateTimeOffset ExpiresAt, IReadOnlyList<IssuedInvitation> Slips);

/// <summary>Why an issue request was refused: a missing or out-of-jurisdiction object (404) or an invalid request (400).</summary>
public sealed record IssueRefusal(bool NotFound, string Field, string Message);

/// <summary>Issues invitations within the caller's jurisdiction; the token is returned once and never stored.</summary>
public sealed class InvitationIssuer(HaiLongDbContext db, StaffContext staff, TimeProvider clock, IConfiguration config)
{
    public async Task<(IssuedInvitation? Issued, IssueRefusal? Refusal)> IssueAsync(IssueSpec spec, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (token, hash) = InvitationTokens.New();
        var invitation = new Invitation { TokenHash = hash, Kind = spec.Kind, CreatedAt = now, CreatedBy = staff.UserId };
        string templateCode;
        int? versionRead = null;
        switch (spec.Kind)
        {
            case InvitationKind.Transaction:
            {
                if (spec.OfficialId is not { } officialId) return Refuse("officialId", "A transaction invitation names the official who served.");
                if (spec.ProcedureId is not { } procedureId) return Refuse("procedureId", "A transaction invitation names the procedure.");
                if (string.IsNullOrWhiteSpace(spec.DossierReference)) return Refuse("dossierReference", "A transaction invitation names the dossier.");
                // One round trip for what a counter issues all day: the official, whether the procedure exists and the
                // service survey's published version (BENCHMARKS.md §4); the refusals keep their order below.
                var serviceVersion = PublishedVersion(DefaultTemplates.ServiceCode);
                var official = await (await staff.OfficialsAsync(ct)).AsNoTracking()
                    .Where(o => o.Id == officialId)
                    .Select(o => new
                    {
                        o.Id, o.AgencyId, o.Agency.UnitId, o.ActiveTo,
                        ProcedureKnown = db.Procedures.Any(p => p.Id == procedureId),
                        VersionId = serviceVersion.FirstOrDefault(),
                    })
                    .SingleOrDefaultAsync(ct);
                if (official is null) return Missing("officialId", $"No official with id {officialId} in your jurisdiction.");
                // An official whose service has ended serves no one; a QR in their name would be rated on someone else's work.
                if (official.ActiveTo < VietnamTime.DateOf(now))
                {
                    return Refuse("officialId", $"Official {officialId}'s service ended on {official.ActiveTo:yyyy-MM-dd}.");
                }
                if (!official.ProcedureKnown) return Missing("procedureId", $"No procedure with id {procedureId}.");
                var days = spec.ExpiresInDays ?? config.GetValue("HaiLong:Surveys:TransactionExpiryDays", 7);
                if (days is < 1 or > 90) return Refuse("expiresInDays", "A transaction invitation expires after 1 to 90 days.");
                invitation.OfficialId = official.Id;
                invitation.AgencyId = official.AgencyId;
                invitation.UnitId = official.UnitId;
                invitation.ProcedureId = procedureId;
                invitation.DossierReference = spec.DossierReference.Trim();
                invitation.ExpiresAt = now.AddDays(days);
                templateCode = DefaultTemplates.ServiceCode;
                versionRead = official.VersionId;
                break;
            }
            case InvitationKind.Counter:
            {
                if (spec.ServicePointId is not { } servicePointId) return Refuse("servicePointId", "A counter invitation names the service point.");
                var point = await (await staff.ServicePointsAsync(ct)).AsNoTracking()
                    .Where(s => s.Id == servicePointId).Select(s => new { s.Id, s.AgencyId, s.Agency.UnitId }).SingleOrDefaultAsync(ct);
                if (point is null) return Missing("servicePointId", $"No service point with id {servicePointId} in your jurisdiction.");
                invitation.ServicePointId = point.Id;
                invitation.AgencyId = point.AgencyId;
                invitation.UnitId = point.UnitId;
                templateCode = DefaultTemplates.ServiceCode;
                break;
            }
            case InvitationKind.Meeting:
            {
                if (spec.UnitId is not { } unitId) return Refuse("unitId", "A meeting invitation names the hamlet or residential group.");
                if (string.IsNullOrWhiteSpace(spec.MeetingTitle)) return Refuse("meetingTitle", "A meeting has a title.");
                if (spec.MeetingStartsAt is not { } starts || spec.MeetingEndsAt is not { } ends || ends <= starts)
                {
                    return Refuse("meetingEndsAt", "A meeting has a start and an end after it.");
                }
                if (ends - starts > TimeSpan.FromDays(2)) return Refuse("meetingEndsAt", "A meeting lasts at most two days.");
                var unit = await (await staff.UnitsAsync(ct)).AsNoTracking().Where(u => u.Id == unitId)
                    .Select(u => new { u.Id, u.Level, u.ParentId }).SingleOrDefaultAsync(ct);
                if (unit is null) return Missing("unitId", $"No unit with id {unitId} in your jurisdiction.");
                var wardId = await WardOfAsync(unit.Id, ct);
                if (wardId is null) return Refuse("unitId", "Meetings are held in a ward or commune, or in one of its hamlets.");
                var meeting = new Meeting
                {
                    UnitId = unit.Id, Title = spec.MeetingTitle.Trim(), StartsAt = starts, EndsAt = ends,
                    Agenda = string.IsNullOrWhiteSpace(spec.MeetingAgenda) ? null : spec.MeetingAgenda.Trim(),
                };
                db.Meetings.Add(meeting);
                invitation.Meeting = meeting;
                invitation.UnitId = wardId.Value;
                invitation.ValidFrom = starts;
                invitation.ExpiresAt = ends;
                templateCode = DefaultTemplates.AnnualCode;
                break;
            }
            case InvitationKind.Annual:
            {
                if (await YearlyAsync(invitation, spec.UnitId, spec.Year, now, ct) is { } refusal) return (null, refusal);
                templateCode = DefaultTemplates.AnnualCode;
                break;
            }
            case InvitationKind.AnnualSample:
                return Refuse("kind", "Yearly-survey slips are issued in batches: POST /api/invitations/annual-sample.");
            default:
                return Refuse("kind", "Unknown invitation kind.");
        }

        if ((versionRead ?? await PublishedVersionAsync(templateCode, ct)) is not { } versionId) return Refuse("kind", NoTemplate(templateCode));
        invitation.SurveyVersionId = versionId;
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        return (new IssuedInvitation(invitation, token), null);

        static (IssuedInvitation?, IssueRefusal?) Refuse(string field, string message) => (null, new IssueRefusal(false, field, message));
        static (IssuedInvitation?, IssueRefusal?) Missing(string field, string message) => (null, new IssueRefusal(true, field, message));
    }

    /// <summary>
    /// The most slips one API batch may issue: a merged ward's yearly sample can reach thousands of households, and a print
    /// shop takes the codes as data; 10,000 issue in well under a second (BENCHMARKS.md §4).
    /// </summary>
    public const int MaxSampleBatch = 10_000;

    /// <summary>The most slips the staff page prints at once: every slip is a QR image in one page (2,000 are 200 A4 sheets).</summary>
    public const int MaxPrintedBatch = 2000;

    /// <summary>
    /// A batch of single-use yearly-survey slips for one ward and year (issue 18: the yearly survey as a sample): each slip's
    /// token is a short code a person can type (<see cref="ShortCodes"/>), returned once here and never stored.
    /// </summary>
    public async Task<(IssuedSample? Batch, IssueRefusal? Refusal)> IssueAnnualSampleAsync(int? unitId, int? year, int? count, CancellationToken ct)
    {
        if (count is not (>= 1 and <= MaxSampleBatch))
        {
            return (null, new IssueRefusal(false, "count", $"A batch has 1 to {MaxSampleBatch} slips."));
        }
        var now = clock.GetUtcNow();
        var shape = new Invitation { TokenHash = [], Kind = InvitationKind.AnnualSample, CreatedAt = now, CreatedBy = staff.UserId };
        if (await YearlyAsync(shape, unitId, year, now, ct) is { } refusal) return (null, refusal);
        if (await PublishedVersionAsync(DefaultTemplates.AnnualCode, ct) is not { } versionId)
        {
            return (null, new IssueRefusal(false, "kind", NoTemplate(DefaultTemplates.AnnualCode)));
        }
        // Codes are unique within the batch here; a clash with an earlier batch (about 10^-8 for a nation's slips) would be
        // refused by the unique index on token_hash and the whole batch rolled back.
        var codes = new HashSet<string>(count.Value, StringComparer.Ordinal);
        while (codes.Count < count) codes.Add(ShortCodes.New());
        var slips = codes.Select(code => new IssuedInvitation(new Invitation
        {
            TokenHash = InvitationTokens.Hash(code), Kind = InvitationKind.AnnualSample, SurveyVersionId = versionId, UnitId = shape.UnitId,
            Year = shape.Year, ValidFrom = shape.ValidFrom, ExpiresAt = shape.ExpiresAt, CreatedAt = now, CreatedBy = staff.UserId,
        }, code)).ToList();
        await InsertSlipsAsync(slips, ct);
        return (new IssuedSample(shape.UnitId, shape.Year!.Value, versionId, shape.ExpiresAt!.Value, slips), null);
    }

    /// <summary>
    /// The slips and their audit entries in one statement: through the change tracker a batch of 10,000 was 20,000 tracked
    /// inserts in about 480 statements (BENCHMARKS.md §4). The entries are the ones <see cref="AuditInterceptor"/> writes,
    /// action and object type included (<see cref="AuditInterceptor.CreatedEntry"/>).
    /// </summary>
    private async Task InsertSlipsAsync(List<IssuedInvitation> slips, CancellationToken ct)
    {
        const string sql = """
            WITH slip AS (
                INSERT INTO invitations (token_hash, kind, survey_version_id, unit_id, year, valid_from, expires_at, created_at, created_by)
                SELECT h, @kind, @version, @unit, @year, @from, @until, @now, @by FROM unnest(@hashes) AS h
                RETURNING id, token_hash),
            audit AS (
                INSERT INTO audit_entries (at, actor_id, action, entity_type, entity_id, details)
                SELECT @now, @by, @action, @type, slip.id::text, d.details::jsonb
                FROM slip JOIN unnest(@hashes, @details) AS d(h, details) ON d.h = slip.token_hash)
            SELECT id, token_hash FROM slip
            """;
        var first = slips[0].Invitation;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("kind", first.Kind.ToString());
            command.Parameters.AddWithValue("version", first.SurveyVersionId);
            command.Parameters.AddWithValue("unit", first.UnitId);
            command.Parameters.AddWithValue("year", (object?)first.Year ?? DBNull.Value);
            command.Parameters.AddWithValue("from", (object?)first.ValidFrom ?? DBNull.Value);
            command.Parameters.AddWithValue("until", (object?)first.ExpiresAt ?? DBNull.Value);
            command.Parameters.AddWithValue("now", first.CreatedAt);
            command.Parameters.AddWithValue("by", (object?)first.CreatedBy ?? DBNull.Value);
            command.Parameters.AddWithValue("hashes", slips.Select(s => s.Invitation.TokenHash).ToArray());
            var entries = slips.Select(s => AuditInterceptor.CreatedEntry(db.Entry(s.Invitation))).ToArray();
            command.Parameters.AddWithValue("action", entries[0].Action);
            command.Parameters.AddWithValue("type", entries[0].EntityType);
            command.Parameters.AddWithValue("details", entries.Select(e => e.Details).ToArray());
            var ids = new Dictionary<string, long>(slips.Count, StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) ids[Convert.ToHexString(reader.GetFieldValue<byte[]>(1))] = reader.GetInt64(0);
            }
            foreach (var slip in slips) slip.Invitation.Id = ids[Convert.ToHexString(slip.Invitation.TokenHash)];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The yearly survey's ward, year and window, for the open QR and for a batch of slips alike; null when they are valid and
    /// written into <paramref name="invitation"/>.
    /// </summary>
    private async Task<IssueRefusal?> YearlyAsync(Invitation invitation, int? unitId, int? year, DateTimeOffset now, CancellationToken ct)
    {
        if (unitId is not { } id) return new IssueRefusal(false, "unitId", "An annual invitation names the ward or commune.");
        if (!await staff.CanSeeUnitAsync(id, ct)) return new IssueRefusal(true, "unitId", $"No unit with id {id} in your jurisdiction.");
        if (await WardOfAsync(id, ct) != id) return new IssueRefusal(false, "unitId", "The yearly survey rates a ward, commune or town.");
        var thisYear = VietnamTime.DateOf(now).Year;
        var y = year ?? thisYear;
        if (y < thisYear - 1 || y > thisYear + 1) return new IssueRefusal(false, "year", "The year is last, this or next year.");
        invitation.UnitId = id;
        invitation.Year = y;
        invitation.ValidFrom = VietnamTime.At(y, 1, 1).ToUniversalTime();
        // The yearly survey stays open through January so it can close the year's evaluation.
        invitation.ExpiresAt = VietnamTime.At(y + 1, 2, 1).ToUniversalTime();
        return null;
    }

    private Task<int?> PublishedVersionAsync(string templateCode, CancellationToken ct) => PublishedVersion(templateCode).FirstOrDefaultAsync(ct);

    /// <summary>The template's latest published version, as a query to run alone or inside another.</summary>
    private IQueryable<int?> PublishedVersion(string templateCode) =>
        db.SurveyVersions.Where(v => v.Template.Code == templateCode && v.PublishedAt != null)
            .OrderByDescending(v => v.Number).Select(v => (int?)v.Id);

    private static string NoTemplate(string templateCode) => $"No published version of the survey template '{templateCode}'.";

    /// <summary>The ward, commune or town a unit belongs to (itself when it is one).</summary>
    private async Task<int?> WardOfAsync(int unitId, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Id, u.Level, u.ParentId }).SingleAsync(ct);
        if (UnitLevels.IsGrassroots(unit.Level)) return unit.Id;
        if (unit.Level is UnitLevel.Hamlet or UnitLevel.ResidentialGroup && unit.ParentId is { } parent) return await WardOfAsync(parent, ct);
        return null;
    }
}
