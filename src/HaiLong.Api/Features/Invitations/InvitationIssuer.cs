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
        switch (spec.Kind)
        {
            case InvitationKind.Transaction:
            {
                if (spec.OfficialId is not { } officialId) return Refuse("officialId", "A transaction invitation names the official who served.");
                if (spec.ProcedureId is not { } procedureId) return Refuse("procedureId", "A transaction invitation names the procedure.");
                if (string.IsNullOrWhiteSpace(spec.DossierReference)) return Refuse("dossierReference", "A transaction invitation names the dossier.");
                var days = spec.ExpiresInDays ?? config.GetValue("HaiLong:Surveys:TransactionExpiryDays", 7);
                invitation.OfficialId = officialId;
                invitation.ProcedureId = procedureId;
                invitation.DossierReference = spec.DossierReference.Trim();
                var daysValid = days is >= 1 and <= 90;
                // Out of range, nothing is written (the statement's condition); the date must still exist to be sent.
                invitation.ExpiresAt = now.AddDays(daysValid ? days : 1);
                var facts = await IssueTransactionAsync(invitation, daysValid, ct);
                if (facts?.IssuedId is { } id)
                {
                    invitation.Id = id;
                    return (new IssuedInvitation(invitation, token), null);
                }
                // Nothing was written; the first of the statement's conditions that failed, in the order a clerk fixes them.
                if (facts is not { IsInside: true }) return Missing("officialId", $"No official with id {officialId} in your jurisdiction.");
                // An official whose service has ended serves no one; a QR in their name would be rated on someone else's work.
                if (facts.ActiveTo < VietnamTime.DateOf(now))
                {
                    return Refuse("officialId", $"Official {officialId}'s service ended on {facts.ActiveTo:yyyy-MM-dd}.");
                }
                if (!facts.ProcedureKnown) return Missing("procedureId", $"No procedure with id {procedureId}.");
                if (days is < 1 or > 90) return Refuse("expiresInDays", "A transaction invitation expires after 1 to 90 days.");
                if (facts.VersionId is null) return Refuse("kind", NoTemplate(DefaultTemplates.ServiceCode));
                throw new InvalidOperationException($"The transaction QR for official {officialId} was neither issued nor refused.");
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

        if (await PublishedVersionAsync(templateCode, ct) is not { } versionId) return Refuse("kind", NoTemplate(templateCode));
        invitation.SurveyVersionId = versionId;
        var issued = new IssuedInvitation(invitation, token);
        if (invitation.Meeting is null)
        {
            await InsertAsync([issued], ct);
        }
        else
        {
            // The meeting and its QR are two audited rows, the QR pointing at the meeting: the change tracker's save.
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(ct);
        }
        return (issued, null);

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
        await InsertAsync(slips, ct);
        return (new IssuedSample(shape.UnitId, shape.Year!.Value, versionId, shape.ExpiresAt!.Value, slips), null);
    }

    /// <summary>
    /// Invitations of one kind, one caller and one instant, with their audit entries, in ONE statement and round trip (in
    /// autocommit, or in the caller's transaction): a single QR at the counter and a batch of 10,000 yearly slips alike.
    /// Through the change tracker one QR took five round trips (BEGIN and the insert, the interceptor's audit insert, COMMIT)
    /// and a batch of 10,000 about 480 statements (BENCHMARKS.md §4). The entries are the ones <see cref="AuditInterceptor"/>
    /// writes for an added entity — action, object type and details from <see cref="AuditInterceptor.CreatedEntry"/>, the
    /// caller as actor, the id as the object's id — at the invitation's creation time.
    /// </summary>
    private async Task InsertAsync(IReadOnlyList<IssuedInvitation> issued, CancellationToken ct)
    {
        const string sql = """
            WITH issued AS (
                INSERT INTO invitations (token_hash, kind, survey_version_id, unit_id, agency_id, official_id, procedure_id,
                    service_point_id, dossier_reference, year, valid_from, expires_at, created_at, created_by)
                SELECT i.hash, @kind, i.version, i.unit, i.agency, i.official, i.procedure,
                    i.point, i.dossier, i.year, i.valid_from, i.expires_at, @at, @by
                FROM unnest(@hashes, @versions, @units, @agencies, @officials, @procedures,
                    @points, @dossiers, @years, @froms, @untils)
                    AS i(hash, version, unit, agency, official, procedure, point, dossier, year, valid_from, expires_at)
                RETURNING id, token_hash),
            audit AS (
                INSERT INTO audit_entries (at, actor_id, action, entity_type, entity_id, details)
                SELECT @at, @by, @action, @type, issued.id::text, d.details::jsonb
                FROM issued JOIN unnest(@hashes, @details) AS d(hash, details) ON d.hash = issued.token_hash)
            SELECT id, token_hash FROM issued
            """;
        var rows = issued.Select(s => s.Invitation).ToArray();
        var first = rows[0];
        if (rows.Any(r => r.Kind != first.Kind || r.CreatedAt != first.CreatedAt || r.CreatedBy != first.CreatedBy))
        {
            throw new ArgumentException("One statement writes invitations of one kind, caller and instant.", nameof(issued));
        }
        var type = db.Model.FindEntityType(typeof(Invitation))!;
        var entries = rows.Select(r => AuditInterceptor.CreatedEntry(type, r)).ToArray();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var p = command.Parameters;
            p.AddWithValue("kind", first.Kind.ToString());
            p.AddWithValue("at", first.CreatedAt);
            p.AddWithValue("by", (object?)first.CreatedBy ?? DBNull.Value);
            p.AddWithValue("action", entries[0].Action);
            p.AddWithValue("type", entries[0].EntityType);
            p.AddWithValue("hashes", rows.Select(r => r.TokenHash).ToArray());
            p.AddWithValue("versions", rows.Select(r => r.SurveyVersionId).ToArray());
            p.AddWithValue("units", rows.Select(r => r.UnitId).ToArray());
            p.AddWithValue("agencies", rows.Select(r => r.AgencyId).ToArray());
            p.AddWithValue("officials", rows.Select(r => r.OfficialId).ToArray());
            p.AddWithValue("procedures", rows.Select(r => r.ProcedureId).ToArray());
            p.AddWithValue("points", rows.Select(r => r.ServicePointId).ToArray());
            p.AddWithValue("dossiers", rows.Select(r => r.DossierReference).ToArray());
            p.AddWithValue("years", rows.Select(r => r.Year).ToArray());
            p.AddWithValue("froms", rows.Select(r => r.ValidFrom).ToArray());
            p.AddWithValue("untils", rows.Select(r => r.ExpiresAt).ToArray());
            p.AddWithValue("details", entries.Select(e => e.Details).ToArray());
            var ids = new Dictionary<string, long>(rows.Length, StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) ids[Convert.ToHexString(reader.GetFieldValue<byte[]>(1))] = reader.GetInt64(0);
            }
            foreach (var row in rows) row.Id = ids[Convert.ToHexString(row.TokenHash)];
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

    /// <summary>
    /// What a transaction QR needed to know, in one row, and the new QR's id when it was written (null when a condition failed).
    /// </summary>
    private sealed record TransactionFacts(DateOnly? ActiveTo, bool IsInside, bool ProcedureKnown, int? VersionId, long? IssuedId);

    /// <summary>
    /// What a counter issues all day, in ONE statement and round trip, as a submission is (BENCHMARKS.md §4): the official,
    /// whether they lie in the caller's jurisdiction, whether the procedure exists and the service survey's published version;
    /// then, when every condition holds, the invitation and its audit entry. The WHERE of the insert is the rule: the caller
    /// reads the facts only to name the first condition that failed. Hand-written rather than LINQ: EF's per-execution work on
    /// the composed query (extracting its parameters from the expression tree) was a sixth of the app's CPU an issue. The
    /// audit entry is <see cref="AuditInterceptor.CreatedEntry"/>'s, with the three values only the lookup knows (version,
    /// ward, agency) merged in from the inserted row.
    /// </summary>
    private static readonly string TransactionSql = $"""
        WITH facts AS (
            SELECT o.id, o.agency_id, a.unit_id, o.active_to, {StaffContext.InsideSql("u.path", "$1")} AS inside,
                   EXISTS (SELECT 1 FROM procedures p WHERE p.id = $3) AS procedure_known,
                   ({PublishedVersionSql("$4")}) AS version
            FROM officials o JOIN agencies a ON a.id = o.agency_id JOIN units u ON u.id = a.unit_id
            WHERE o.id = $2),
        issued AS (
            INSERT INTO invitations (token_hash, kind, survey_version_id, unit_id, agency_id, official_id, procedure_id,
                dossier_reference, expires_at, created_at, created_by)
            SELECT $5, $6, f.version, f.unit_id, f.agency_id, f.id, $3, $7, $8, $9, $10
            FROM facts f
            WHERE f.inside AND (f.active_to IS NULL OR f.active_to >= $11) AND f.procedure_known AND $12 AND f.version IS NOT NULL
            RETURNING id, survey_version_id, unit_id, agency_id),
        audit AS (
            INSERT INTO audit_entries (at, actor_id, action, entity_type, entity_id, details)
            SELECT $9, $10, $13, $14, i.id::text,
                $15::jsonb || jsonb_build_object('SurveyVersionId', i.survey_version_id, 'UnitId', i.unit_id, 'AgencyId', i.agency_id)
            FROM issued i)
        SELECT f.active_to, f.inside, f.procedure_known, f.version, i.id, i.agency_id, i.unit_id
        FROM facts f LEFT JOIN issued i ON true
        """;

    /// <returns>Null when there is no official with that id.</returns>
    private async Task<TransactionFacts?> IssueTransactionAsync(Invitation invitation, bool daysValid, CancellationToken ct)
    {
        var (action, entityType, details) = AuditInterceptor.CreatedEntry(db.Model.FindEntityType(typeof(Invitation))!, invitation);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(TransactionSql, connection);
            var p = command.Parameters;
            // No user: Guid.Empty is no account, so nothing is inside.
            p.Add(new NpgsqlParameter<Guid> { TypedValue = staff.UserId ?? Guid.Empty });
            p.Add(new NpgsqlParameter<int> { TypedValue = invitation.OfficialId!.Value });
            p.Add(new NpgsqlParameter<int> { TypedValue = invitation.ProcedureId!.Value });
            p.Add(new NpgsqlParameter<string> { TypedValue = DefaultTemplates.ServiceCode });
            p.Add(new NpgsqlParameter<byte[]> { TypedValue = invitation.TokenHash });
            p.Add(new NpgsqlParameter<string> { TypedValue = invitation.Kind.ToString() });
            p.Add(new NpgsqlParameter<string> { TypedValue = invitation.DossierReference });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = invitation.ExpiresAt!.Value });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = invitation.CreatedAt });
            p.Add(new NpgsqlParameter { Value = (object?)invitation.CreatedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            p.Add(new NpgsqlParameter<DateOnly> { TypedValue = VietnamTime.DateOf(invitation.CreatedAt) });
            p.Add(new NpgsqlParameter<bool> { TypedValue = daysValid });
            p.Add(new NpgsqlParameter<string> { TypedValue = action });
            p.Add(new NpgsqlParameter<string> { TypedValue = entityType });
            p.Add(new NpgsqlParameter<string> { TypedValue = details });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var facts = new TransactionFacts(reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0), reader.GetBoolean(1),
                reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt64(4));
            if (facts.IssuedId is not null)
            {
                invitation.SurveyVersionId = facts.VersionId!.Value;
                invitation.AgencyId = reader.GetInt32(5);
                invitation.UnitId = reader.GetInt32(6);
            }
            return facts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary><see cref="PublishedVersion"/> in SQL, for <see cref="TransactionSql"/>: the template's latest published version.</summary>
    private static string PublishedVersionSql(string templateCode) => $"""
        SELECT v.id FROM survey_versions v JOIN survey_templates t ON t.id = v.template_id
        WHERE t.code = {templateCode} AND v.published_at IS NOT NULL ORDER BY v.number DESC LIMIT 1
        """;

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
