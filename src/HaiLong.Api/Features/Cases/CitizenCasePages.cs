using HaiLong.Api.Features.Responses;
using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Cases;

/// <summary>Returned to API clients when a case is filed.</summary>
public sealed record FiledCase(string TrackingCode, string LookupUrl);

/// <summary>
/// The citizen's pages, in Vietnamese or English (CitizenLanguage, words in CitizenResources), server-rendered and usable
/// without JavaScript: filing at /c/new (from the survey's thank-you page with ?r=, or from the ward's page and standing QR
/// with ?unit=), lookup at /c/{code}, and the satisfaction question once an answer is published (and, for "không hài lòng",
/// until the reopening window ends). A browser gets the form back with the message; any other client a ProblemDetails.
/// </summary>
public static class CitizenCasePages
{
    internal static IEndpointRouteBuilder MapCitizenCasePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/c").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(Policies.CitizenRateLimit).AsCitizenPages();
        pages.MapGet("/", LookupForm);
        pages.MapGet("/new", FilingForm);
        // The form is read by the handler, after it raises the body limit for attachments; it validates the antiforgery token itself.
        pages.MapPost("/new", File).DisableAntiforgery();
        pages.MapGet("/{code}", Lookup);
        // Checks its antiforgery token itself, so that a lost cookie shows the page again with the comment kept.
        pages.MapPost("/{code}/feedback", Feedback).DisableAntiforgery();
        return app;
    }

    private sealed record Origin(AdministrativeUnit Unit, long? ResponseId, string? Reference, string Channel);

    private static async Task<(Origin? Origin, CaseError? Error)> ResolveAsync(string? r, string? unit, HaiLongDbContext db, FollowUpLinks links,
        IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(r))
        {
            if (links.Unprotect(r) is not { } link || !await db.Responses.AnyAsync(x => x.Id == link.ResponseId, ct))
            {
                return (null, Error(L, 400, "Error.InvalidLink"));
            }
            var u = await db.Units.AsNoTracking().SingleAsync(x => x.Id == link.UnitId, ct);
            return (new Origin(u, link.ResponseId, r, CaseChannels.Survey), null);
        }
        if (!string.IsNullOrEmpty(unit))
        {
            var u = await db.Units.AsNoTracking().SingleOrDefaultAsync(x => x.Code == unit, ct);
            return u is null
                ? (null, Error(L, 404, "Error.UnitNotFound"))
                : (new Origin(u, null, null, CaseChannels.Unit), null);
        }
        return (null, Error(L, 400, "Error.MissingUnit"));
    }

    private static async Task<IResult> FilingForm(string? r, string? unit, HaiLongDbContext db, FollowUpLinks links,
        IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        var (origin, error) = await ResolveAsync(r, unit, db, links, L, ct);
        if (error is not null) return ErrorPage(error);
        return await FormPageAsync(origin!, db, null, null, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> FormPageAsync(Origin origin, HaiLongDbContext db, IFormCollection? values, string? error, int status,
        CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.UnitId == origin.Unit.Id).OrderBy(a => a.Name).ToListAsync(ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var officials = await db.Officials.AsNoTracking().Where(o => o.Agency.UnitId == origin.Unit.Id && (o.ActiveTo == null || o.ActiveTo >= today))
            .OrderBy(o => o.FullName).ToListAsync(ct);
        return new RazorComponentResult<CaseFilingPage>(new
        {
            Unit = origin.Unit, Reference = origin.Reference, Agencies = (IReadOnlyList<Agency>)agencies,
            Officials = (IReadOnlyList<Official>)officials, Values = values, Error = error,
        }) { StatusCode = status };
    }

    private static async Task<IResult> File(HttpContext http, HaiLongDbContext db, FollowUpLinks links, IAntiforgery antiforgery,
        CaseFiling filing, IOptions<CaseOptions> options, IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        var o = options.Value;
        // The whole form is read, even with files far over the attachment limits, so that a refusal can show the typed text
        // again; the limits themselves are judged after reading. Only a body beyond this hard cap is cut off unread.
        var hardLimit = 4L * o.MaxAttachments * o.MaxAttachmentBytes + 256 * 1024;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = hardLimit;
        if (!http.Request.HasFormContentType)
        {
            return Refuse(http, Error(L, 415, "Error.FormEncoding"));
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(http, new CaseError(413, L["Error.TooLarge.Title"],
                L["Error.TooLarge.Body", hardLimit / 1024 / 1024, o.MaxAttachments, (o.MaxAttachmentBytes / 1024 / 1024.0).ToString("0.#")]));
        }
        var refused = InputText.Check(form);
        if (refused.Count > 0)
        {
            form = new FormCollection(form.ToDictionary(f => f.Key, f => new Microsoft.Extensions.Primitives.StringValues(
                f.Value.Select(v => InputText.WithoutRefused(v ?? "")).ToArray())), form.Files);
        }
        var (origin, originError) = await ResolveAsync(form["r"], form["unit"], db, links, L, ct);
        if (originError is not null) return Refuse(http, originError);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return await ShowFormAgainAsync(http, origin!, db, form, Error(L, 400, "Error.SessionExpired"), L, ct);
        }
        if (refused.Count > 0)
        {
            return await ShowFormAgainAsync(http, origin!, db, form, Error(L, 400, "Error.InvalidCharacters"), L, ct);
        }

        var uploads = await AttachmentUpload.ReadAsync(form.Files, o.MaxAttachmentBytes, ct);
        var (c, refusal) = await filing.FileAsync(new FilingRequest(form["type"], origin!.Unit.Id, form["subject"], form["content"],
            form["name"], form["phone"], form["email"], form["address"], origin.Channel, origin.ResponseId, null, uploads), null, ct);
        if (refusal is not null)
        {
            // The filing decided; a browser reads the reason in the page's language, any other client the filing's stable text.
            var shown = WantsHtml(http) ? new CaseError(refusal.Status, L["Error.InvalidInput.Title"], Words(refusal, L)) : refusal.Problem;
            return await ShowFormAgainAsync(http, origin, db, form, shown, L, ct);
        }
        var url = $"/c/{c!.TrackingCode}";
        // The lookup page in the language the case was filed in.
        return WantsHtml(http) ? Results.Redirect(CitizenLanguage.Link($"{url}?new=1")) : Results.Created(url, new FiledCase(c.TrackingCode, url));
    }

    /// <summary>A refused filing: a browser gets the form back with everything typed (files must be chosen again), other
    /// clients a ProblemDetails.</summary>
    private static async Task<IResult> ShowFormAgainAsync(HttpContext http, Origin origin, HaiLongDbContext db,
        IFormCollection form, CaseError error, IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        if (!WantsHtml(http)) return Refuse(http, error);
        var detail = form.Files.Any(f => f.Length > 0) ? $"{error.Detail} {L["Error.ChooseFilesAgain"]}" : error.Detail;
        return await FormPageAsync(origin, db, form, detail, error.Status, ct);
    }

    private static IResult LookupForm(string? code) =>
        TrackingCodes.Normalize(code) is { } normalized
            ? Results.Redirect(CitizenLanguage.Link($"/c/{normalized}"))
            : new RazorComponentResult<CaseLookupFormPage>(new { Invalid = code is not null })
            {
                StatusCode = code is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
            };

    private static async Task<IResult> Lookup(string code, string? @new, HaiLongDbContext db, TimeProvider clock, IOptions<CaseOptions> options,
        CancellationToken ct)
    {
        var c = await FindAsync(db, code, ct);
        if (c is null) return NotFoundPage();
        return LookupPage(c, @new == "1", clock, options.Value, null, null, StatusCodes.Status200OK);
    }

    private static IResult LookupPage(Case c, bool isNew, TimeProvider clock, CaseOptions options, string? comment, string? error, int status) =>
        new RazorComponentResult<CaseLookupPage>(new
        {
            Case = c, IsNew = isNew, May = CaseWorkflow.FilerMay(c, clock.GetUtcNow(), options),
            WindowEnds = c.AnsweredAt is { } answered ? CaseWorkflow.ReopenWindowEnds(answered, options) : (DateTimeOffset?)null,
            Comment = comment, Error = error,
        }) { StatusCode = status };

    private static async Task<IResult> Feedback(HttpContext http, string code, IFormCollection form, HaiLongDbContext db, CaseWorkflow workflow,
        IAntiforgery antiforgery, TimeProvider clock, IOptions<CaseOptions> options, IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        var c = await FindAsync(db, code, ct, tracked: true);
        if (c is null) return NotFoundPage();
        var o = options.Value;
        var satisfied = form["satisfied"].ToString();
        var comment = InputText.WithoutRefused(form["comment"].ToString());
        if (!await antiforgery.IsRequestValidAsync(http)) return Again(400, L["Feedback.SessionExpired"]);
        if (InputText.Check(form).Count > 0) return Again(400, L["Error.InvalidCharacters.Body"]);
        var may = CaseWorkflow.FilerMay(c, clock.GetUtcNow(), o);
        if (!may.Any)
        {
            // Past the window the filer is told so with the date; nothing changes, and the comment stays on the page.
            return c is { AnswerPublished: true, AnsweredAt: { } answered, Status: CaseStatus.Answered or CaseStatus.Closed }
                && CaseWorkflow.ReopenWindowClosed(c, clock.GetUtcNow(), o)
                ? Again(409, L["Feedback.WindowPassed.Body", o.ReopenWindowDays, CaseLabels.Date(CaseWorkflow.ReopenWindowEnds(answered, o))],
                    L["Feedback.WindowPassed.Title"])
                : Again(409, L["Feedback.Conflict.Body"], L["Feedback.Conflict.Title"]);
        }
        if (satisfied is not ("yes" or "no")) return Again(400, L["Feedback.Choose"]);
        if (satisfied == "yes" ? !may.Satisfied : !may.Dissatisfied) return Again(409, L["Feedback.Conflict.Body"], L["Feedback.Conflict.Title"]);
        await workflow.RecordFilerVerdictAsync(c, satisfied == "yes", comment, ct);
        if (!WantsHtml(http)) return Results.Ok(new { c.TrackingCode, Status = c.Status.ToString() });
        return Results.Redirect(CitizenLanguage.Link($"/c/{c.TrackingCode}"));

        // A browser gets the case page again with the message and what was typed; other clients a ProblemDetails.
        IResult Again(int status, string message, string? title = null) => WantsHtml(http)
            ? LookupPage(c, false, clock, o, comment, message, status)
            : Refuse(http, new CaseError(status, title ?? L["Error.InvalidInput.Title"], message));
    }

    private static async Task<Case?> FindAsync(HaiLongDbContext db, string code, CancellationToken ct, bool tracked = false)
    {
        if (TrackingCodes.Normalize(code) is not { } normalized) return null;
        var q = db.Cases.Include(c => c.Unit).Where(c => c.TrackingCode == normalized);
        return await (tracked ? q : q.AsNoTracking()).SingleOrDefaultAsync(ct);
    }

    /// <summary>A refusal in the request's language: <c>{key}.Title</c> and <c>{key}.Body</c> of CitizenResources.</summary>
    private static CaseError Error(IStringLocalizer<CitizenResources> L, int status, string key) => new(status, L[$"{key}.Title"], L[$"{key}.Body"]);

    /// <summary>A refused filing in the page's language: <c>Filing.Refused.{Reason}</c> with the values the rule named.</summary>
    private static string Words(FilingRefusal refusal, IStringLocalizer<CitizenResources> L) => refusal.Reason switch
    {
        FilingRefusalReason.IdentityRequired => L["Filing.Refused.IdentityRequired", L[$"CaseType.{refusal.Args[0]}"].Value.ToLowerInvariant()],
        _ => L[$"Filing.Refused.{refusal.Reason}", refusal.Args],
    };

    private static bool WantsHtml(HttpContext http) => http.Request.Headers.Accept.ToString().Contains("text/html");

    private static IResult NotFoundPage() => new RazorComponentResult<CaseNotFoundPage>() { StatusCode = StatusCodes.Status404NotFound };

    private static IResult ErrorPage(CaseError e) => CitizenMessage.Result(e.Title, e.Detail, e.Status);

    /// <summary>A browser gets a page with the message; other clients a ProblemDetails. Either way nothing was stored.</summary>
    private static IResult Refuse(HttpContext http, CaseError e) =>
        WantsHtml(http) ? ErrorPage(e) : Results.Problem(statusCode: e.Status, title: e.Title, detail: e.Detail);
}
