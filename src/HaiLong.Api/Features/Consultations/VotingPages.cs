using System.Globalization;
using HaiLong.Api.Features.Invitations;
using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// The voting staff pages of a consultation: the meeting (attendance, minutes, counts), paper double entry, the conflicts and
/// the household ballot slips to print. Each change goes through the same services as the API (<see cref="MeetingRecords"/>,
/// <see cref="PaperKeyings"/>); a refusal is the page again with the message beside its field and what was typed kept.
/// </summary>
internal static class VotingPages
{
    public static string Path(long id) => $"/staff/consultations/{id}";

    internal static IEndpointRouteBuilder MapVotingPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/consultations/{id:long}").ExcludeFromDescription()
            .RequireAuthorization(p => p.RequireRole(ConsultationsApi.StaffRoles));
        pages.MapGet("/meeting", Meeting);
        pages.MapPost("/meeting/attendance", MarkAttendance);
        pages.MapPost("/meeting/minutes", SaveMinutes);
        pages.MapPost("/meeting/items/{itemId:long}/counts", SaveCounts);
        pages.MapGet("/paper", Paper);
        pages.MapPost("/paper", KeyPaper);
        pages.MapGet("/conflicts", Conflicts);
        pages.MapGet("/slips", Slips);
        return app;
    }

    private static IResult NotFound(long id, IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L["Voting_NotFound"], VotingProblem.NotFound(id).Detail, L["Voting_BackToList"], StatusCodes.Status404NotFound,
            "/staff/consultations");

    private static string Words(VotingProblem problem, IStringLocalizer<StaffResources> L) => L[$"Voting_{problem.Key}", problem.Args];

    // The meeting page.

    private static async Task<IResult> Meeting(long id, string? q, VotingAccess access, MeetingRecords meeting, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        return await MeetingPageAsync(consultation, meeting, db, new MeetingRecordsPage.Form { Query = q }, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> MeetingPageAsync(Consultation consultation, MeetingRecords meeting, HaiLongDbContext db,
        MeetingRecordsPage.Form form, int status, CancellationToken ct)
    {
        var query = db.ConsultationRoll.AsNoTracking().Where(r => r.ConsultationId == consultation.Id);
        if (form.Query is { Length: > 0 } q)
        {
            var pattern = $"%{q.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            query = query.Where(r => EF.Functions.ILike(r.HouseholdCode, pattern) || EF.Functions.ILike(r.RepresentativeName, pattern));
        }
        var found = await query.OrderBy(r => r.HouseholdCode).Take(MeetingRecordsPage.MaxListed)
            .Select(r => new MeetingRecordsPage.Household(r.HouseholdCode, r.RepresentativeName, r.Address, r.VotedChannel)).ToListAsync(ct);
        return new RazorComponentResult<MeetingRecordsPage>(new
        {
            Consultation = consultation, State = await meeting.StateAsync(consultation, ct),
            Hamlet = await HamletAsync(db, consultation, ct), Households = (IReadOnlyList<MeetingRecordsPage.Household>)found, Posted = form,
        }) { StatusCode = status };
    }

    private static async Task<IResult> MarkAttendance(long id, IFormCollection form, VotingAccess access, MeetingRecords meeting,
        HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        var typed = form["codes"].ToString();
        var codes = form["households"].Select(h => h ?? "")
            .Concat(typed.Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToList();
        var posted = new MeetingRecordsPage.Form { Query = form["q"], Codes = typed };
        if (codes.Count > MeetingRecords.MaxBatch || codes.Any(c => c.Length > Limits.Code))
        {
            posted.Errors["codes"] = L["Voting_TooManyCodes", MeetingRecords.MaxBatch, Limits.Code];
            return await MeetingPageAsync(consultation, meeting, db, posted, StatusCodes.Status422UnprocessableEntity, ct);
        }
        var (done, problem) = await meeting.MarkPresentAsync(consultation, codes, access.UserId, ct);
        if (problem is not null)
        {
            posted.Errors["codes"] = Words(problem, L);
            return await MeetingPageAsync(consultation, meeting, db, posted, problem.Status, ct);
        }
        posted.Codes = null;
        posted.Attendance = done;
        return await MeetingPageAsync(consultation, meeting, db, posted, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> SaveMinutes(long id, [FromForm] string? meetingChair, [FromForm] string? meetingSecretary,
        [FromForm] string? meetingNotes, VotingAccess access, MeetingRecords meeting, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        var posted = new MeetingRecordsPage.Form { Chair = meetingChair, Secretary = meetingSecretary, Notes = meetingNotes };
        var errors = StaffForms.Validate(new MeetingMinutesRequest(meetingChair, meetingSecretary, meetingNotes), StaffForms.Fields(L,
            (nameof(MeetingMinutesRequest.MeetingChair), "Voting_Chair"), (nameof(MeetingMinutesRequest.MeetingSecretary), "Voting_Secretary"),
            (nameof(MeetingMinutesRequest.MeetingNotes), "Voting_Notes")), [], L);
        foreach (var (field, message) in errors) posted.Errors[field] = message;
        if (posted.Errors.Count > 0) return await MeetingPageAsync(consultation, meeting, db, posted, StatusCodes.Status400BadRequest, ct);
        if (await meeting.SaveMinutesAsync(consultation, meetingChair, meetingSecretary, meetingNotes, ct) is { } problem)
        {
            posted.Errors["minutes"] = Words(problem, L);
            return await MeetingPageAsync(consultation, meeting, db, posted, problem.Status, ct);
        }
        return Results.Redirect($"{Path(id)}/meeting#minutes");
    }

    private static async Task<IResult> SaveCounts(long id, long itemId, IFormCollection form, VotingAccess access, MeetingRecords meeting,
        HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        var posted = new MeetingRecordsPage.Form { CountsItemId = itemId };
        var counts = new Dictionary<short, int>();
        foreach (var key in form.Keys.Where(k => k.StartsWith('c')))
        {
            var text = form[key].ToString().Trim();
            posted.Counts[key] = text;
            if (text.Length == 0) continue;
            if (!short.TryParse(key[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var choice)
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000)
            {
                posted.Errors["counts"] = L["Voting_CountInvalid"];
                continue;
            }
            counts[choice] = count;
        }
        if (!posted.Errors.ContainsKey("counts") && counts.Count == 0) posted.Errors["counts"] = L["Voting_CountsRequired"];
        if (posted.Errors.Count == 0 && await meeting.SaveCountsAsync(consultation, itemId, counts, ct) is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound(id, L);
            posted.Errors["counts"] = Words(problem, L);
            return await MeetingPageAsync(consultation, meeting, db, posted, problem.Status, ct);
        }
        if (posted.Errors.Count > 0) return await MeetingPageAsync(consultation, meeting, db, posted, StatusCodes.Status400BadRequest, ct);
        return Results.Redirect($"{Path(id)}/meeting#item-{itemId}");
    }

    // Paper double entry.

    private static async Task<IResult> Paper(long id, VotingAccess access, PaperKeyings paper, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        return await PaperPageAsync(consultation, paper, new PaperKeyingPage.Form(), StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> PaperPageAsync(Consultation consultation, PaperKeyings paper, PaperKeyingPage.Form form, int status,
        CancellationToken ct) =>
        new RazorComponentResult<PaperKeyingPage>(new
        {
            Consultation = consultation, Pending = (IReadOnlyList<PendingSlip>)await paper.PendingAsync(consultation.Id, ct), Posted = form,
        }) { StatusCode = status };

    private static async Task<IResult> KeyPaper(long id, IFormCollection form, VotingAccess access, PaperKeyings paper,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        var code = InputText.WithoutRefused(form["code"].ToString());
        var posted = new PaperKeyingPage.Form { Code = code[..Math.Min(code.Length, 40)] };
        foreach (var item in consultation.Items)
        {
            if (short.TryParse(form[$"i{item.Id}"].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var c)
                && VotingCore.IsValid(item, c))
            {
                posted.Choices[item.Id] = c;
            }
            else
            {
                posted.Missing.Add(item.Id);
            }
        }
        if (ShortCodes.Normalize(code) is null) posted.Errors["code"] = L["Voting_CodeInvalid"];
        if (posted.Missing.Count > 0) posted.Errors["choices"] = L["Voting_ChoicesMissing"];
        if (posted.Errors.Count > 0) return await PaperPageAsync(consultation, paper, posted, StatusCodes.Status400BadRequest, ct);
        var (done, problem) = await paper.KeyAsync(consultation, code, posted.Choices, access.UserId!.Value, ct);
        if (problem is not null)
        {
            posted.Errors[problem.Key == "UnknownSlip" ? "code" : "keying"] = Words(problem, L);
            return await PaperPageAsync(consultation, paper, posted, problem.Status, ct);
        }
        // Keyed: an empty form for the next slip, and what became of this one.
        return await PaperPageAsync(consultation, paper, new PaperKeyingPage.Form { Done = done }, StatusCodes.Status200OK, ct);
    }

    // Conflicts and slips.

    private static async Task<IResult> Conflicts(long id, VotingAccess access, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        return new RazorComponentResult<BallotConflictsPage>(new
        {
            Consultation = consultation, Conflicts = (IReadOnlyList<ConflictLine>)await VotingConflicts.ListAsync(db, id, ct),
        });
    }

    /// <summary>Every household's slip of the consultation, derived again from the ids: printable any time, as often as needed.</summary>
    private static async Task<IResult> Slips(long id, HttpContext http, IConfiguration config, VotingAccess access, HaiLongDbContext db,
        HouseholdBallotCodes codes, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return NotFound(id, L);
        var roll = await db.ConsultationRoll.AsNoTracking().Where(r => r.ConsultationId == id).OrderBy(r => r.HouseholdCode)
            .Select(r => new { r.HouseholdId, r.HouseholdCode, r.RepresentativeName }).ToListAsync(ct);
        var slips = roll.Select(r =>
        {
            var code = codes.For(id, r.HouseholdId);
            return new BallotSlipsPage.Slip(r.HouseholdCode, r.RepresentativeName, ShortCodes.Grouped(code),
                InvitationsApi.PublicUrl(http.Request, config, HouseholdBallotCodes.BallotPath(code)));
        }).ToList();
        return new RazorComponentResult<BallotSlipsPage>(new
        {
            Consultation = consultation, Hamlet = await HamletAsync(db, consultation, ct), Slips = (IReadOnlyList<BallotSlipsPage.Slip>)slips,
            EntryUrl = InvitationsApi.PublicUrl(http.Request, config, HouseholdBallotCodes.EntryPath),
        });
    }

    private static Task<string> HamletAsync(HaiLongDbContext db, Consultation consultation, CancellationToken ct) =>
        db.Units.AsNoTracking().Where(u => u.Id == consultation.UnitId).Select(u => u.Name).SingleAsync(ct);
}
