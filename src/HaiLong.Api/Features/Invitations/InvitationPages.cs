using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Registry;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Invitations;

/// <summary>What a printed or displayed transaction QR says about itself.</summary>
public sealed record IssuedQr(string Url, string Unit, string OfficialName, string Position, string Procedure, string? Dossier, string Expires);

/// <summary>
/// Staff pages for the QR: issue a transaction QR and show it as a receipt print or on the counter screen; print a counter's
/// standing A5 poster. The token exists only in the page rendered right after issuing, since only its hash is stored.
/// </summary>
public static class InvitationPages
{
    internal static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/invitations").ExcludeFromDescription().RequireAuthorization(InvitationsApi.IssuePolicy);
        pages.MapGet("/", Index);
        pages.MapPost("/transaction", IssueTransaction);
        pages.MapPost("/counter", IssueCounter);
        pages.MapPost("/meeting", IssueMeeting);
        pages.MapPost("/annual", IssueAnnual);
        pages.MapPost("/annual-sample", IssueAnnualSample);
        return app;
    }

    /// <summary>What the forms show: what was chosen and typed in a refused form, else the defaults.</summary>
    private sealed record FormState(int? OfficialId = null, int? ProcedureId = null, string? DossierReference = null, int? ServicePointId = null,
        MeetingForm? Meeting = null, AnnualForm? Annual = null, SampleForm? Sample = null);

    private static Task<IResult> Index(StaffContext staff, HaiLongDbContext db, TimeProvider clock, CancellationToken ct) =>
        FormPageAsync(staff, db, new FormState(), new Dictionary<string, string>(), StatusCodes.Status200OK, clock, ct);

    private static async Task<IResult> FormPageAsync(StaffContext staff, HaiLongDbContext db, FormState state,
        IReadOnlyDictionary<string, string> errors, int status, TimeProvider clock, CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        // Hamlets and residential groups directly below a ward, commune or town: where a hamlet meeting is held.
        var hamlets = await units.AsNoTracking()
            .Where(u => (u.Level == UnitLevel.Hamlet || u.Level == UnitLevel.ResidentialGroup) && u.Parent != null
                && (u.Parent.Level == UnitLevel.Ward || u.Parent.Level == UnitLevel.Commune || u.Parent.Level == UnitLevel.Town))
            .OrderBy(u => u.Parent!.Name).ThenBy(u => u.Name).Select(u => new { u.Id, u.Name, Ward = u.Parent!.Name }).ToListAsync(ct);
        var wards = await units.AsNoTracking().Where(UnitLevels.IsGrassrootsUnit).OrderBy(u => u.Name).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        // An official whose service has ended is not offered: the issuer would refuse a QR in their name (InvitationIssuer).
        var officials = await (await staff.OfficialsAsync(ct)).AsNoTracking()
            .Where(o => o.Agency.Kind == AgencyKind.ServiceCentre && (o.ActiveTo == null || o.ActiveTo >= today))
            .OrderBy(o => o.FullName).Select(o => new { o.Id, o.FullName, o.Position }).ToListAsync(ct);
        var points = await (await staff.ServicePointsAsync(ct)).AsNoTracking().OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Name, Agency = s.Agency.Name }).ToListAsync(ct);
        var procedures = await db.Procedures.AsNoTracking().OrderBy(p => p.Field).ThenBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Field }).ToListAsync(ct);
        return new RazorComponentResult<InvitationIssuePage>(new
        {
            Officials = (IReadOnlyList<InvitationIssuePage.Choice>)officials
                .Select(o => new InvitationIssuePage.Choice(o.Id, $"{o.FullName} — {o.Position}")).ToList(),
            Procedures = (IReadOnlyList<InvitationIssuePage.Choice>)procedures
                .Select(p => new InvitationIssuePage.Choice(p.Id, $"{p.Field}: {p.Name}")).ToList(),
            Points = (IReadOnlyList<InvitationIssuePage.Choice>)points.Select(p => new InvitationIssuePage.Choice(p.Id, $"{p.Name} — {p.Agency}")).ToList(),
            state.OfficialId, state.ProcedureId, state.DossierReference, state.ServicePointId,
            Hamlets = (IReadOnlyList<InvitationIssuePage.Choice>)hamlets.Select(h => new InvitationIssuePage.Choice(h.Id, $"{h.Name} — {h.Ward}")).ToList(),
            Wards = (IReadOnlyList<InvitationIssuePage.Choice>)wards.Select(u => new InvitationIssuePage.Choice(u.Id, u.Name)).ToList(),
            Meeting = state.Meeting ?? MeetingForm.Default(now),
            Annual = state.Annual ?? new AnnualForm(wards.Count == 1 ? wards[0].Id : null, VietnamTime.DateOf(now).Year.ToString(), "A4"),
            Sample = state.Sample ?? new SampleForm(wards.Count == 1 ? wards[0].Id : null, VietnamTime.DateOf(now).Year.ToString(), null),
            ThisYear = VietnamTime.DateOf(now).Year,
            Errors = errors,
        }) { StatusCode = status };
    }

    /// <summary>The issuer speaks English to API clients; the page says the same in Vietnamese, beside the field.</summary>
    private static string Vietnamese(IssueRefusal refusal, IStringLocalizer<StaffResources> L) => (refusal.Field, refusal.NotFound) switch
    {
        ("officialId", true) => L["Issue_OfficialOutside"],
        ("officialId", false) => L["Issue_OfficialRequired"],
        ("procedureId", true) => L["Issue_ProcedureUnknown"],
        ("procedureId", false) => L["Issue_ProcedureRequired"],
        ("dossierReference", _) => L["Issue_DossierRequired"],
        ("servicePointId", true) => L["Issue_CounterOutside"],
        ("servicePointId", false) => L["Issue_CounterRequired"],
        ("kind", _) => L["Issue_NoTemplate"],
        (_, true) => L["Issue_NotFound"],
        _ => L["Issue_Failed"],
    };

    private static async Task<IResult> IssueTransaction(HttpContext http, InvitationIssuer issuer, StaffContext staff, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? officialId, [FromForm] int? procedureId, [FromForm] string? dossierReference, [FromForm] string? view,
        IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var state = new FormState(officialId, procedureId, dossierReference);
        if (dossierReference?.Trim().Length > Limits.Code)
        {
            return await RefusedAsync(staff, db, state, "dossierReference", L["Issue_DossierTooLong", Limits.Code], StatusCodes.Status400BadRequest, clock, ct);
        }
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Transaction, officialId, procedureId, dossierReference?.Trim()), ct);
        if (refusal is not null)
        {
            return await RefusedAsync(staff, db, state, refusal.Field, Vietnamese(refusal, L),
                refusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, clock, ct);
        }
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var facts = await db.Officials.AsNoTracking().Where(o => o.Id == i.OfficialId)
            .Select(o => new { o.FullName, o.Position, Unit = o.Agency.Unit.Name }).SingleAsync(ct);
        var procedure = await db.Procedures.AsNoTracking().Where(p => p.Id == i.ProcedureId).Select(p => p.Name).SingleAsync(ct);
        var expires = VietnamTime.Local(i.ExpiresAt!.Value).ToString("dd/MM/yyyy HH:mm");
        var qr = new IssuedQr(url, facts.Unit, facts.FullName, facts.Position, procedure, i.DossierReference, expires);
        return view == "display"
            ? new RazorComponentResult<InvitationDisplayPage>(new
            {
                Q = qr,
                Duty = await Registry.RosterPages.DutyAsync(staff, db, http.RequestServices.GetRequiredService<TimeProvider>(), null, i.OfficialId, ct),
            })
            : new RazorComponentResult<InvitationReceiptPage>(new { Q = qr });
    }

    private static async Task<IResult> IssueCounter(HttpContext http, InvitationIssuer issuer, StaffContext staff, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? servicePointId, IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Counter, ServicePointId: servicePointId), ct);
        if (refusal is not null)
        {
            return await RefusedAsync(staff, db, new FormState(ServicePointId: servicePointId), refusal.Field, Vietnamese(refusal, L),
                refusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, clock, ct);
        }
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var facts = await db.ServicePoints.AsNoTracking().Where(s => s.Id == i.ServicePointId)
            .Select(s => new { s.Name, Agency = s.Agency.Name, Unit = s.Agency.Unit.Name }).SingleAsync(ct);
        return new RazorComponentResult<InvitationPosterPage>(new { Url = url, facts.Agency, facts.Unit, Counter = facts.Name });
    }

    private static async Task<IResult> IssueMeeting(HttpContext http, InvitationIssuer issuer, StaffContext staff, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? meetingUnitId, [FromForm] string? meetingTitle, [FromForm] string? meetingAgenda,
        [FromForm] string? meetingStartsAt, [FromForm] string? meetingEndsAt, IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var typed = new MeetingForm(meetingUnitId, meetingTitle, meetingAgenda, meetingStartsAt, meetingEndsAt);
        var state = new FormState(Meeting: typed);
        var errors = new Dictionary<string, string>();
        var starts = MeetingForm.ReadLocal(meetingStartsAt);
        var ends = MeetingForm.ReadLocal(meetingEndsAt);
        if (starts is null) errors["meetingStartsAt"] = L["MeetingQr_TimeInvalid", L["MeetingQr_Starts"]];
        if (ends is null) errors["meetingEndsAt"] = L["MeetingQr_TimeInvalid", L["MeetingQr_Ends"]];
        if (meetingUnitId is null) errors["meetingUnitId"] = L["MeetingQr_HamletRequired"];
        // The API's own record and its DataAnnotations: lengths of the title and the agenda.
        var request = new IssueInvitationRequest(InvitationKind.Meeting, UnitId: meetingUnitId, MeetingTitle: meetingTitle?.Trim(),
            MeetingStartsAt: starts, MeetingEndsAt: ends, MeetingAgenda: meetingAgenda?.Trim());
        StaffForms.Validate(request, new Dictionary<string, (string Field, string Label)>
        {
            [nameof(IssueInvitationRequest.MeetingTitle)] = ("meetingTitle", L["MeetingQr_MeetingTitle"]),
            [nameof(IssueInvitationRequest.MeetingAgenda)] = ("meetingAgenda", L["MeetingQr_Agenda"]),
        }, errors, L);
        if (errors.Count > 0) return await FormPageAsync(staff, db, state, errors, StatusCodes.Status400BadRequest, clock, ct);

        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Meeting, UnitId: meetingUnitId, MeetingTitle: request.MeetingTitle,
            MeetingStartsAt: starts, MeetingEndsAt: ends, MeetingAgenda: request.MeetingAgenda), ct);
        if (refusal is not null)
        {
            var (field, message) = refusal.Field switch
            {
                "unitId" when refusal.NotFound => ("meetingUnitId", L["MeetingQr_HamletOutside"].Value),
                "unitId" => ("meetingUnitId", L["MeetingQr_HamletRequired"].Value),
                "meetingTitle" => ("meetingTitle", L["MeetingQr_TitleRequired"].Value),
                "meetingEndsAt" when ends <= starts => ("meetingEndsAt", L["MeetingQr_EndBeforeStart"].Value),
                "meetingEndsAt" => ("meetingEndsAt", L["MeetingQr_TooLong"].Value),
                _ => ("", Vietnamese(refusal, L)),
            };
            return await FormPageAsync(staff, db, state, new Dictionary<string, string> { [field] = message },
                refusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, clock, ct);
        }
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var place = await db.Meetings.AsNoTracking().Where(m => m.Id == i.MeetingId)
            .Select(m => new { Hamlet = m.Unit.Name, Ward = m.Unit.Parent != null ? m.Unit.Parent.Name : "" }).SingleAsync(ct);
        return new RazorComponentResult<MeetingQrSheetPage>(new
        {
            Url = url, MeetingTitle = request.MeetingTitle!, Agenda = request.MeetingAgenda, place.Hamlet, place.Ward,
            Starts = VietnamTime.Local(starts!.Value).ToString("HH:mm dd/MM/yyyy"), Ends = VietnamTime.Local(ends!.Value).ToString("HH:mm dd/MM/yyyy"),
        });
    }

    private static async Task<IResult> IssueAnnual(HttpContext http, InvitationIssuer issuer, StaffContext staff, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? annualUnitId, [FromForm] string? year, [FromForm] string? paper, IStringLocalizer<StaffResources> L,
        TimeProvider clock, CancellationToken ct)
    {
        var state = new FormState(Annual: new AnnualForm(annualUnitId, year, paper));
        if (annualUnitId is null)
        {
            return await RefusedAsync(staff, db, state, "annualUnitId", L["YearlyQr_WardRequired"], StatusCodes.Status400BadRequest, clock, ct);
        }
        if (!StaffForms.TryWhole(year, out var y))
        {
            return await RefusedAsync(staff, db, state, "year", L["YearlyQr_YearInvalid"], StatusCodes.Status400BadRequest, clock, ct);
        }
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Annual, UnitId: annualUnitId, Year: y), ct);
        if (refusal is not null) return await YearlyRefusedAsync(staff, db, state, refusal, "annualUnitId", "year", L, clock, ct);
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var ward = await db.Units.AsNoTracking().Where(u => u.Id == i.UnitId).Select(u => u.Name).SingleAsync(ct);
        return new RazorComponentResult<YearlyQrPosterPage>(new
        {
            Url = url, Ward = ward, Year = i.Year!.Value, Paper = paper == "A3" ? "A3" : "A4",
            Until = VietnamTime.Local(i.ExpiresAt!.Value).AddDays(-1).ToString("dd/MM/yyyy"),
        });
    }

    /// <summary>
    /// A batch of single-use yearly-survey slips (issue 18): the page that answers the POST is the A4 sheets of slips, since
    /// the codes exist only now (only their hashes are stored). Print them then.
    /// </summary>
    private static async Task<IResult> IssueAnnualSample(HttpContext http, InvitationIssuer issuer, StaffContext staff, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? sampleUnitId, [FromForm] string? sampleYear, [FromForm] string? sampleCount,
        IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var state = new FormState(Sample: new SampleForm(sampleUnitId, sampleYear, sampleCount));
        var errors = new Dictionary<string, string>();
        if (sampleUnitId is null) errors["sampleUnitId"] = L["YearlyQr_WardRequired"];
        if (!StaffForms.TryWhole(sampleYear, out var year)) errors["sampleYear"] = L["YearlyQr_YearInvalid"];
        if (!StaffForms.TryWhole(sampleCount, out var count) || count is < 1 or > InvitationIssuer.MaxPrintedBatch)
        {
            errors["sampleCount"] = L["YearlySample_CountInvalid", InvitationIssuer.MaxPrintedBatch];
        }
        if (errors.Count > 0) return await FormPageAsync(staff, db, state, errors, StatusCodes.Status400BadRequest, clock, ct);

        var (batch, refusal) = await issuer.IssueAnnualSampleAsync(sampleUnitId, year, count, ct);
        if (refusal is not null) return await YearlyRefusedAsync(staff, db, state, refusal, "sampleUnitId", "sampleYear", L, clock, ct);
        var ward = await db.Units.AsNoTracking().Where(u => u.Id == batch!.UnitId).Select(u => u.Name).SingleAsync(ct);
        return new RazorComponentResult<AnnualSampleSlipsPage>(new
        {
            Slips = (IReadOnlyList<AnnualSampleSlipsPage.Slip>)batch!.Slips
                .Select(s => new AnnualSampleSlipsPage.Slip(ShortCodes.Grouped(s.Token), InvitationsApi.SurveyUrl(http.Request, config, s.Token)))
                .ToList(),
            Ward = ward, batch.Year,
            Until = VietnamTime.Local(batch.ExpiresAt).AddDays(-1).ToString("dd/MM/yyyy"),
            EntryUrl = InvitationsApi.PublicUrl(http.Request, config, InvitationTokens.CodeEntryPath),
        });
    }

    /// <summary>The issuer's refusal of a yearly QR or a batch of slips, beside the form's own ward or year field.</summary>
    private static Task<IResult> YearlyRefusedAsync(StaffContext staff, HaiLongDbContext db, FormState state, IssueRefusal refusal,
        string unitField, string yearField, IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var (field, message) = refusal.Field switch
        {
            "unitId" when refusal.NotFound => (unitField, L["YearlyQr_WardOutside"].Value),
            "unitId" => (unitField, L["YearlyQr_NotAWard"].Value),
            "year" => (yearField, L["YearlyQr_YearInvalid"].Value),
            _ => ("", Vietnamese(refusal, L)),
        };
        return RefusedAsync(staff, db, state, field, message, refusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
            clock, ct);
    }

    private static Task<IResult> RefusedAsync(StaffContext staff, HaiLongDbContext db, FormState state, string field, string message, int status,
        TimeProvider clock, CancellationToken ct)
    {
        var known = field is "officialId" or "procedureId" or "dossierReference" or "servicePointId" or "meetingUnitId" or "meetingTitle"
            or "meetingAgenda" or "meetingStartsAt" or "meetingEndsAt" or "annualUnitId" or "year" or "sampleUnitId" or "sampleYear";
        return FormPageAsync(staff, db, state, new Dictionary<string, string> { [known ? field : ""] = message }, status, clock, ct);
    }
}

/// <summary>The meeting QR's form as typed; times are Vietnam wall-clock times from a <c>datetime-local</c> field.</summary>
public sealed record MeetingForm(int? UnitId, string? Title, string? Agenda, string? StartsAt, string? EndsAt)
{
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The next full hour for two hours, a meeting's usual evening slot being chosen by the leader anyway.</summary>
    public static MeetingForm Default(DateTimeOffset now)
    {
        var local = VietnamTime.Local(now);
        var start = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, VietnamTime.Offset).AddHours(1);
        return new MeetingForm(null, null, null, start.ToString(LocalFormat, System.Globalization.CultureInfo.InvariantCulture),
            start.AddHours(2).ToString(LocalFormat, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A typed local time (seconds allowed, as some browsers send them) as an instant; null when it is not one.</summary>
    public static DateTimeOffset? ReadLocal(string? text) =>
        DateTime.TryParseExact(text?.Trim(), [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, VietnamTime.Offset)
            : null;
}

/// <summary>The yearly survey QR's form as chosen: the ward, the year and the poster's paper.</summary>
public sealed record AnnualForm(int? UnitId, string? Year, string? Paper);

/// <summary>The yearly-survey slips' form as chosen and typed: the ward, the year and how many slips.</summary>
public sealed record SampleForm(int? UnitId, string? Year, string? Count);
