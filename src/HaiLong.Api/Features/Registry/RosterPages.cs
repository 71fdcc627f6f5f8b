using System.Globalization;
using HaiLong.Api.Features.Invitations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>One counter of the week view: its shifts and its unattributed counter-QR ratings on each of the seven days.</summary>
public sealed record RosterRow(int CounterId, string CounterName, IReadOnlyList<IReadOnlyList<RosterShift>> Days, IReadOnlyList<int> Unattributed)
{
    public int UnattributedTotal => Unattributed.Sum();
}

/// <summary>A shift as the roster shows it, in Vietnam time.</summary>
public sealed record RosterShift(long Id, int CounterId, int OfficialId, string OfficialName, DateTimeOffset StartsAt, DateTimeOffset? EndsAt);

/// <summary>What the counter's shift forms need: the counter (or a choice of counters), who is on duty, who may take over.</summary>
public sealed record RosterDuty(int? CounterId, string? CounterName, RosterShift? OnDuty, IReadOnlyList<(int Id, string Name)> Counters,
    IReadOnlyList<(int Id, string Name)> Officials, int? OfficialId);

/// <summary>
/// The shift roster: a week per service centre (rows counters, columns days, Vietnam time) with the counter-QR ratings no
/// one on shift could be credited with, shifts added and corrected by administrators, and a counter's own start, end and
/// handover for the staff at it. Every save goes through <see cref="ServicePointsApi.SaveShiftAsync"/>, as the API's does.
/// </summary>
internal static class RosterPages
{
    public const string WeekPath = "/staff/roster";
    public const string CountersPath = "/staff/roster/counters";

    /// <summary>Who reads the week's roster: its link and its page.</summary>
    public static readonly IReadOnlyList<string> WeekReaderRoles = [Roles.Administrator, Roles.WardLeader];

    internal static IEndpointRouteBuilder MapRosterPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(WeekPath).ExcludeFromDescription();
        pages.MapGet("/", Week).RequireAuthorization(p => p.RequireRole(WeekReaderRoles));
        pages.MapPost("/shifts", AddShift).RequireAuthorization(Policies.Administrator);
        pages.MapGet("/shifts/{id:long}", EditForm).RequireAuthorization(Policies.Administrator);
        pages.MapPost("/shifts/{id:long}", EditShift).RequireAuthorization(Policies.Administrator);
        // The staff at a counter (who issue its QRs) start and end shifts there themselves.
        pages.MapGet("/counters", Counters).RequireAuthorization(InvitationsApi.IssuePolicy);
        pages.MapGet("/counters/{id:int}", Counter).RequireAuthorization(InvitationsApi.IssuePolicy);
        pages.MapPost("/counters/start", Start).RequireAuthorization(InvitationsApi.IssuePolicy);
        pages.MapPost("/counters/{id:int}/end", End).RequireAuthorization(InvitationsApi.IssuePolicy);
        pages.MapPost("/counters/{id:int}/handover", Handover).RequireAuthorization(InvitationsApi.IssuePolicy);
        return app;
    }

    /// <summary>The Monday of the week holding <paramref name="day"/>: weeks run Monday to Sunday in Vietnam.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static DateTimeOffset? ParseLocal(string? text) =>
        DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(t, VietnamTime.Offset) : null;

    public static string LocalInput(DateTimeOffset? t) => t is { } v ? VietnamTime.Local(v).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "";

    private static async Task<IResult> Week(StaffContext staff, HaiLongDbContext db, TimeProvider clock, IStringLocalizer<StaffResources> L,
        CancellationToken ct, int? agencyId = null, string? week = null, string? done = null) =>
        await WeekPageAsync(staff, db, clock, L, agencyId, week, ct, done: done is "saved" ? L["Roster_Saved"].Value : null);

    private static async Task<IResult> WeekPageAsync(StaffContext staff, HaiLongDbContext db, TimeProvider clock, IStringLocalizer<StaffResources> L,
        int? agencyId, string? week, CancellationToken ct, string? done = null, IReadOnlyDictionary<string, string?>? values = null,
        IReadOnlyDictionary<string, string>? errors = null, int status = StatusCodes.Status200OK)
    {
        var centres = await (await staff.AgenciesAsync(ct)).AsNoTracking().Where(a => a.Kind == AgencyKind.ServiceCentre)
            .OrderBy(a => a.Name).Select(a => new { a.Id, a.Name, a.UnitId }).ToListAsync(ct);
        if (agencyId is { } wanted && centres.All(c => c.Id != wanted))
        {
            return StaffMessagePage.Result(L["Roster_NotFound"], L["Roster_NotFoundBody"], L["Roster_Back"], StatusCodes.Status404NotFound, WeekPath);
        }
        var centre = agencyId is { } id ? centres.Single(c => c.Id == id) : centres.FirstOrDefault();
        var monday =
            MondayOf(DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var w) ? w : VietnamTime.Today(clock));
        var from = VietnamTime.StartOf(monday);
        var to = VietnamTime.StartOf(monday.AddDays(7));

        var rows = new List<RosterRow>();
        IReadOnlyList<(int, string)> officials = [];
        if (centre is not null)
        {
            var counters = await db.ServicePoints.AsNoTracking().Where(s => s.AgencyId == centre.Id).OrderBy(s => s.Code)
                .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
            var ids = counters.Select(c => c.Id).ToList();
            var shifts = await db.ServicePointShifts.AsNoTracking()
                .Where(s => ids.Contains(s.ServicePointId) && s.StartsAt < to && (s.EndsAt == null || s.EndsAt > from))
                .OrderBy(s => s.StartsAt)
                .Select(s => new RosterShift(s.Id, s.ServicePointId, s.OfficialId, s.Official.FullName, s.StartsAt, s.EndsAt))
                .ToListAsync(ct);
            // A counter QR answered while no shift was running is stored with its counter and without an official
            // (OnDuty found no one); the ward's (unit_id, submitted_at) index narrows the read to the week.
            var unattributed = await db.Responses.AsNoTracking()
                .Where(r => r.UnitId == centre.UnitId && r.SubmittedAt >= from && r.SubmittedAt < to
                    && r.ServicePointId != null && ids.Contains(r.ServicePointId.Value) && r.OfficialId == null && !r.IsGeneralFallback)
                .Select(r => new { r.ServicePointId, r.SubmittedAt }).ToListAsync(ct);
            foreach (var c in counters)
            {
                var days = Enumerable.Range(0, 7).Select(d =>
                {
                    var dayFrom = VietnamTime.StartOf(monday.AddDays(d));
                    var dayTo = VietnamTime.StartOf(monday.AddDays(d + 1));
                    return (IReadOnlyList<RosterShift>)shifts.Where(s => s.CounterId == c.Id && s.StartsAt < dayTo
                        && (s.EndsAt is null || s.EndsAt > dayFrom)).ToList();
                }).ToList();
                var counts = Enumerable.Range(0, 7).Select(d => unattributed.Count(r => r.ServicePointId == c.Id
                    && VietnamTime.DateOf(r.SubmittedAt) == monday.AddDays(d))).ToList();
                rows.Add(new RosterRow(c.Id, c.Name, days, counts));
            }
            officials = [.. (await (await staff.OfficialsAsync(ct)).AsNoTracking().Where(o => o.AgencyId == centre.Id)
                .OrderBy(o => o.FullName).Select(o => new { o.Id, o.FullName }).ToListAsync(ct)).Select(o => (o.Id, o.FullName))];
        }
        return new RazorComponentResult<RosterWeekPage>(new
        {
            Centres = (IReadOnlyList<(int, string)>)[.. centres.Select(c => (c.Id, c.Name))],
            AgencyId = centre?.Id,
            Monday = monday,
            Rows = (IReadOnlyList<RosterRow>)rows,
            Officials = officials,
            CanEdit = staff.IsInRole(Roles.Administrator),
            Done = done,
            Values = values ?? new Dictionary<string, string?>(),
            Errors = errors ?? new Dictionary<string, string>(),
        }) { StatusCode = status };
    }

    /// <summary>The fields of a shift form, read into the API's request; what cannot be read is said beside its field.</summary>
    private static (ShiftRequest? Request, Dictionary<string, string> Errors) ReadShift(string? officialId, string? startsAt, string? endsAt,
        IStringLocalizer<StaffResources> L)
    {
        var errors = new Dictionary<string, string>();
        if (!int.TryParse(officialId, NumberStyles.None, CultureInfo.InvariantCulture, out var official)) errors["officialId"] = L["Roster_OfficialRequired"];
        var starts = ParseLocal(startsAt);
        if (starts is null) errors["startsAt"] = L["Roster_TimeInvalid"];
        DateTimeOffset? ends = null;
        if (!string.IsNullOrWhiteSpace(endsAt) && (ends = ParseLocal(endsAt)) is null) errors["endsAt"] = L["Roster_TimeInvalid"];
        return errors.Count > 0 ? (null, errors) : (new ShiftRequest(official, starts, ends), errors);
    }

    /// <summary>The shift rules' refusals (<see cref="ServicePointsApi.SaveShiftAsync"/>) in words, beside the field they concern.</summary>
    private static Dictionary<string, string> Worded(ProblemDetails refusal, IStringLocalizer<StaffResources> L) => refusal.Status switch
    {
        StatusCodes.Status409Conflict => new() { ["startsAt"] = L["Roster_Overlap"] },
        _ when refusal.Detail?.StartsWith("A shift must end", StringComparison.Ordinal) == true => new() { ["endsAt"] = L["Roster_EndBeforeStart"] },
        _ => new() { ["officialId"] = L["Roster_OfficialOutside"] },
    };

    private static async Task<IResult> AddShift([FromForm] int? agencyId, [FromForm] string? week, [FromForm] string? servicePointId,
        [FromForm] string? officialId, [FromForm] string? startsAt, [FromForm] string? endsAt, StaffContext staff, HaiLongDbContext db,
        TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>
        {
            ["servicePointId"] = servicePointId, ["officialId"] = officialId, ["startsAt"] = startsAt, ["endsAt"] = endsAt,
        };
        var (request, errors) = ReadShift(officialId, startsAt, endsAt, L);
        int.TryParse(servicePointId, NumberStyles.None, CultureInfo.InvariantCulture, out var counterId);
        if (!await (await staff.ServicePointsAsync(ct)).AnyAsync(s => s.Id == counterId, ct)) errors["servicePointId"] = L["Roster_CounterRequired"];
        if (errors.Count == 0
            && await ServicePointsApi.SaveShiftAsync(new ServicePointShift { ServicePointId = counterId }, request!, staff, db, ct) is { } refusal)
        {
            errors = Worded(refusal, L);
            return await WeekPageAsync(staff, db, clock, L, agencyId, week, ct, values: values, errors: errors, status: refusal.Status ?? 422);
        }
        if (errors.Count > 0) return await WeekPageAsync(staff, db, clock, L, agencyId, week, ct, values: values, errors: errors,
            status: StatusCodes.Status400BadRequest);
        return Results.Redirect($"{WeekPath}?agencyId={agencyId}&week={request!.StartsAt!.Value.ToOffset(VietnamTime.Offset):yyyy-MM-dd}&done=saved");
    }

    private static async Task<IResult> EditForm(long id, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        await ShiftPageAsync(id, staff, db, L, ct);

    private static async Task<IResult> ShiftPageAsync(long id, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct,
        IReadOnlyDictionary<string, string?>? values = null, IReadOnlyDictionary<string, string>? errors = null, int status = StatusCodes.Status200OK)
    {
        var points = await staff.ServicePointsAsync(ct);
        var shift = await db.ServicePointShifts.AsNoTracking().Where(s => s.Id == id && points.Any(p => p.Id == s.ServicePointId))
            .Select(s => new { Shift = new RosterShift(s.Id, s.ServicePointId, s.OfficialId, s.Official.FullName, s.StartsAt, s.EndsAt),
                Counter = s.ServicePoint.Name, s.ServicePoint.AgencyId })
            .SingleOrDefaultAsync(ct);
        if (shift is null) return StaffMessagePage.Result(L["Roster_NotFound"], L["Roster_NotFoundBody"], L["Roster_Back"],
            StatusCodes.Status404NotFound, WeekPath);
        var officials = (await (await staff.OfficialsAsync(ct)).AsNoTracking().Where(o => o.AgencyId == shift.AgencyId)
            .OrderBy(o => o.FullName).Select(o => new { o.Id, o.FullName }).ToListAsync(ct)).Select(o => (o.Id, o.FullName)).ToList();
        return new RazorComponentResult<RosterShiftPage>(new
        {
            Shift = shift.Shift,
            CounterName = shift.Counter,
            shift.AgencyId,
            Officials = (IReadOnlyList<(int, string)>)officials,
            Values = values ?? new Dictionary<string, string?>(),
            Errors = errors ?? new Dictionary<string, string>(),
        }) { StatusCode = status };
    }

    private static async Task<IResult> EditShift(long id, [FromForm] string? officialId, [FromForm] string? startsAt, [FromForm] string? endsAt,
        StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var points = await staff.ServicePointsAsync(ct);
        var shift = await db.ServicePointShifts.Include(s => s.ServicePoint)
            .SingleOrDefaultAsync(s => s.Id == id && points.Any(p => p.Id == s.ServicePointId), ct);
        if (shift is null) return StaffMessagePage.Result(L["Roster_NotFound"], L["Roster_NotFoundBody"], L["Roster_Back"],
            StatusCodes.Status404NotFound, WeekPath);
        var values = new Dictionary<string, string?> { ["officialId"] = officialId, ["startsAt"] = startsAt, ["endsAt"] = endsAt,
        };
        var (request, errors) = ReadShift(officialId, startsAt, endsAt, L);
        if (errors.Count > 0) return await ShiftPageAsync(id, staff, db, L, ct, values, errors, StatusCodes.Status400BadRequest);
        if (await ServicePointsApi.SaveShiftAsync(shift, request!, staff, db, ct) is { } refusal)
        {
            db.ChangeTracker.Clear();
            return await ShiftPageAsync(id, staff, db, L, ct, values, Worded(refusal, L), refusal.Status ?? 422);
        }
        return Results.Redirect($"{WeekPath}?agencyId={shift.ServicePoint.AgencyId}&week={VietnamTime.DateOf(shift.StartsAt):yyyy-MM-dd}&done=saved");
    }

    private static async Task<IResult> Counters(StaffContext staff, HaiLongDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var points = await (await staff.ServicePointsAsync(ct)).AsNoTracking().OrderBy(s => s.Agency.Name).ThenBy(s => s.Code)
            .Select(s => new { s.Id, s.Name, Agency = s.Agency.Name }).ToListAsync(ct);
        var counters = new List<RosterCountersPage.Counter>();
        foreach (var p in points)
        {
            counters.Add(new RosterCountersPage.Counter(p.Id, p.Name, p.Agency, (await OnDutyAsync(db, p.Id, now, ct))?.Official.FullName));
        }
        return new RazorComponentResult<RosterCountersPage>(new { Counters = (IReadOnlyList<RosterCountersPage.Counter>)counters });
    }

    private static readonly string RunningShiftSql = "SELECT * FROM service_point_shifts WHERE id = " + OnDuty.ShiftIdSql("@sp");

    /// <summary>The shift running at the counter now, as <see cref="OnDuty"/> decides it for the survey and the submission.</summary>
    private static async Task<ServicePointShift?> OnDutyAsync(HaiLongDbContext db, int counterId, DateTimeOffset now, CancellationToken ct) =>
        await db.ServicePointShifts
            .FromSqlRaw(RunningShiftSql, new Npgsql.NpgsqlParameter("sp", counterId), new Npgsql.NpgsqlParameter("now", now))
            .Include(s => s.Official).SingleOrDefaultAsync(ct);

    /// <summary>The shift forms of one counter (or, without one, of the counters an official's agency has), for the counter page and the QR display.</summary>
    public static async Task<RosterDuty?> DutyAsync(StaffContext staff, HaiLongDbContext db, TimeProvider clock,
        int? counterId, int? officialId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var points = await staff.ServicePointsAsync(ct);
        if (counterId is null && officialId is { } o)
        {
            // The QR display: the counter of the official's agency where they are on duty now, if any.
            var agencyCounters = await points.Where(p => db.Officials.Any(x => x.Id == o && x.AgencyId == p.AgencyId)).Select(p => p.Id).ToListAsync(ct);
            foreach (var c in agencyCounters)
            {
                if ((await OnDutyAsync(db, c, now, ct))?.OfficialId == o) counterId = c;
            }
        }
        if (counterId is { } id)
        {
            var counter = await points.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Id, s.Name, s.AgencyId }).SingleOrDefaultAsync(ct);
            if (counter is null) return null;
            var duty = await OnDutyAsync(db, id, now, ct);
            return new RosterDuty(counter.Id, counter.Name,
                duty is null ? null : new RosterShift(duty.Id, duty.ServicePointId, duty.OfficialId, duty.Official.FullName, duty.StartsAt, duty.EndsAt),
                [], await OfficialsOfAsync(staff, counter.AgencyId, ct), officialId);
        }
        if (officialId is not { } official) return null;
        var agency = await (await staff.OfficialsAsync(ct)).Where(x => x.Id == official).Select(x => (int?)x.AgencyId).SingleOrDefaultAsync(ct);
        if (agency is null) return null;
        var counters = (await points.AsNoTracking().Where(s => s.AgencyId == agency).OrderBy(s => s.Code).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
        return new RosterDuty(null, null, null, counters, await OfficialsOfAsync(staff, agency.Value, ct), officialId);
    }

    private static async Task<IReadOnlyList<(int Id, string Name)>> OfficialsOfAsync(StaffContext staff, int agencyId, CancellationToken ct) =>
        (await (await staff.OfficialsAsync(ct)).AsNoTracking().Where(o => o.AgencyId == agencyId).OrderBy(o => o.FullName)
            .Select(o => new { o.Id, o.FullName }).ToListAsync(ct)).Select(o => (o.Id, o.FullName)).ToList();

    private static async Task<IResult> Counter(int id, StaffContext staff, HaiLongDbContext db, TimeProvider clock, IStringLocalizer<StaffResources> L,
        CancellationToken ct, string? done = null) =>
        await CounterPageAsync(id, staff, db, clock, L, ct, done is "started" or "ended" or "handed-over" ? L[$"Roster_Done_{done}"].Value : null);

    private static async Task<IResult> CounterPageAsync(int id, StaffContext staff, HaiLongDbContext db, TimeProvider clock, IStringLocalizer<StaffResources> L,
        CancellationToken ct, string? done = null, string? error = null, int status = StatusCodes.Status200OK)
    {
        db.ChangeTracker.Clear();
        if (await DutyAsync(staff, db, clock, id, null, ct) is not { } duty)
        {
            return StaffMessagePage.Result(L["Roster_NotFound"], L["Roster_NotFoundBody"], L["Roster_Back"], StatusCodes.Status404NotFound, CountersPath);
        }
        return new RazorComponentResult<RosterCounterPage>(new { Duty = duty, Done = done, Error = error }) { StatusCode = status };
    }

    private static async Task<IResult> Start([FromForm] string? servicePointId, [FromForm] string? officialId, StaffContext staff, HaiLongDbContext db,
        TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (!int.TryParse(servicePointId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !await (await staff.ServicePointsAsync(ct)).AnyAsync(s => s.Id == id, ct))
        {
            return StaffMessagePage.Result(L["Roster_NotFound"], L["Roster_CounterRequired"], L["Roster_Back"], StatusCodes.Status404NotFound, CountersPath);
        }
        if (!int.TryParse(officialId, NumberStyles.None, CultureInfo.InvariantCulture, out var official))
        {
            return await CounterPageAsync(id, staff, db, clock, L, ct, error: L["Roster_OfficialRequired"], status: StatusCodes.Status400BadRequest);
        }
        var refusal =
            await ServicePointsApi.SaveShiftAsync(new ServicePointShift { ServicePointId = id }, new ShiftRequest(official, clock.GetUtcNow()), staff, db, ct);
        return refusal is null
            ? Results.Redirect($"{CountersPath}/{id}?done=started")
            : await CounterPageAsync(id, staff, db, clock, L, ct, error: Worded(refusal, L).Values.Single(), status: refusal.Status ?? 422);
    }

    private static async Task<IResult> End(int id, IFormCollection form, StaffContext staff, HaiLongDbContext db, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (!await (await staff.ServicePointsAsync(ct)).AnyAsync(s => s.Id == id, ct)) return await CounterPageAsync(id, staff, db, clock, L, ct);
        var now = clock.GetUtcNow();
        if (await OnDutyAsync(db, id, now, ct) is not { } duty)
        {
            return await CounterPageAsync(id, staff, db, clock, L, ct, error: L["Roster_NobodyOnDuty"], status: StatusCodes.Status409Conflict);
        }
        var refusal = await ServicePointsApi.SaveShiftAsync(duty, new ShiftRequest(duty.OfficialId, duty.StartsAt, now), staff, db, ct);
        return refusal is null
            ? Results.Redirect($"{CountersPath}/{id}?done=ended")
            : await CounterPageAsync(id, staff, db, clock, L, ct, error: Worded(refusal, L).Values.Single(), status: refusal.Status ?? 422);
    }

    /// <summary>One action: the running shift ends and the next official's starts at the same instant, or neither happens.</summary>
    private static async Task<IResult> Handover(int id, [FromForm] string? officialId, StaffContext staff, HaiLongDbContext db, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (!await (await staff.ServicePointsAsync(ct)).AnyAsync(s => s.Id == id, ct)) return await CounterPageAsync(id, staff, db, clock, L, ct);
        if (!int.TryParse(officialId, NumberStyles.None, CultureInfo.InvariantCulture, out var next))
        {
            return await CounterPageAsync(id, staff, db, clock, L, ct, error: L["Roster_OfficialRequired"], status: StatusCodes.Status400BadRequest);
        }
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await OnDutyAsync(db, id, now, ct) is not { } duty)
        {
            return await CounterPageAsync(id, staff, db, clock, L, ct, error: L["Roster_NobodyOnDuty"], status: StatusCodes.Status409Conflict);
        }
        var refusal = await ServicePointsApi.SaveShiftAsync(duty, new ShiftRequest(duty.OfficialId, duty.StartsAt, now), staff, db, ct)
            ?? await ServicePointsApi.SaveShiftAsync(new ServicePointShift { ServicePointId = id }, new ShiftRequest(next, now), staff, db, ct);
        if (refusal is not null)
        {
            await tx.RollbackAsync(ct);
            return await CounterPageAsync(id, staff, db, clock, L, ct, error: Worded(refusal, L).Values.Single(), status: refusal.Status ?? 422);
        }
        await tx.CommitAsync(ct);
        return Results.Redirect($"{CountersPath}/{id}?done=handed-over");
    }
}
