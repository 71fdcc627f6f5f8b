using Microsoft.AspNetCore.DataProtection;
using HaiLong.Api.Features.Invitations;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Responses;

/// <summary>
/// The citizen form at <c>/s/{token}</c>: server-rendered, no JavaScript, mobile-first, under 30 KB. The URL is printed on
/// paper and never changes. Every refusal is a friendly page with the matching status code.
/// </summary>
public static class ResponsePages
{
    internal static IEndpointRouteBuilder MapResponsePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/s").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(Policies.CitizenRateLimit).AsCitizenPages();
        // A yearly-survey slip's short code, typed (the URL is printed on the slip).
        pages.MapGet("/", EnterCode);
        // Nothing of the view is a model to validate; the filter cost about 3 % of a cached form's CPU (issue 20 profile).
        pages.MapGet("/{token}", ShowForm).DisableValidation();
        // No antiforgery tokens here: the handlers refuse cross-origin posts themselves (CrossOriginProtection, which says why),
        // answering with the page again and every answer kept rather than a bare 400.
        pages.MapPost("/{token}", Submit).DisableAntiforgery();
        pages.MapGet("/{token}/thanks", ShowThanks);
        pages.MapPost("/{token}/thanks", SubmitDisappointments).DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// The code on a yearly-survey slip, typed: forgiving about case, spaces and dashes (<see cref="ShortCodes.Normalize"/>);
    /// a slip's code is its token, so the right one redirects to the very form its QR opens, in whatever state that link is.
    /// A wrong code is the form again with what was typed and why (400 not a code, 404 no such slip).
    /// </summary>
    private static async Task<IResult> EnterCode(string? code, SurveyForms forms, IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        if (code is null) return CodePage(null, null, StatusCodes.Status200OK);
        var typed = InputText.WithoutRefused(code);
        typed = typed[..Math.Min(typed.Length, SurveyCodePage.MaxTyped)];
        if (ShortCodes.Normalize(code) is not { } token) return CodePage(typed, L["SampleCode.Invalid"], StatusCodes.Status400BadRequest);
        if (await forms.FindAsync(token, ct) is not { Kind: InvitationKind.AnnualSample })
        {
            return CodePage(typed, L["SampleCode.NotFound"], StatusCodes.Status404NotFound);
        }
        return Results.Redirect(CitizenLanguage.Link(InvitationTokens.SurveyPath(token)));

        static IResult CodePage(string? typed, string? error, int status) =>
            new RazorComponentResult<SurveyCodePage>(new { Typed = typed, Error = error }) { StatusCode = status };
    }

    private static async Task<IResult> ShowForm(string token, string? lang, HttpContext http, SurveyForms forms, CancellationToken ct)
    {
        var t = CitizenText.For(lang);
        var form = await forms.FindForViewAsync(token, ct);
        if (form is null) return ProblemPage(t, LinkState.Unknown);
        if (!LinkRules.IsAnswerable(form.State)) return ProblemPage(t, form.State);
        if (!form.IsStanding) return FormPage(http, t, token, form, [], [], null, null, StatusCodes.Status200OK);
        // A standing QR's form is the same bytes for every viewer: kept per cached SurveyForm and language (RenderedForms).
        if (RenderedForms.TryGet(form, t.Lang, out var page)) return page;
        return await RenderedForms.GetOrRenderAsync(form, t.Lang, () => RenderAsync(http, FormParameters(t, token, form, [], [], null, null, null)));
    }

    /// <summary>
    /// A survey form page is never stored by a browser or a proxy: it names who is on duty now, and its address is the token.
    /// </summary>
    internal const string FormCacheControl = "no-cache, no-store";

    private static async Task<string> RenderAsync(HttpContext http, Dictionary<string, object?> parameters)
    {
        await using var renderer = new Microsoft.AspNetCore.Components.Web.HtmlRenderer(http.RequestServices,
            http.RequestServices.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<SurveyFormPage>(
            Microsoft.AspNetCore.Components.ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    private static Dictionary<string, object?> FormParameters(CitizenText t, string token, SurveyForm form,
        Dictionary<string, string[]> errors, List<string> unprocessable, List<SubmittedAnswer>? given, string? comment,
        string? notice) => new()
    {
        [nameof(SurveyFormPage.T)] = t, [nameof(SurveyFormPage.Token)] = token, [nameof(SurveyFormPage.Form)] = form,
        [nameof(SurveyFormPage.Errors)] = (IReadOnlyDictionary<string, string[]>)errors,
        [nameof(SurveyFormPage.Unprocessable)] = (IReadOnlyList<string>)unprocessable,
        [nameof(SurveyFormPage.Given)] = (IReadOnlyList<SubmittedAnswer>?)given, [nameof(SurveyFormPage.Comment)] = comment,
        [nameof(SurveyFormPage.Notice)] = notice,
    };

    /// <summary>A form value as the citizen will see it again: without the characters the input boundary refuses.</summary>
    private static string Field(IFormCollection body, string name) => InputText.WithoutRefused(body[name].ToString());

    private static async Task<IResult> Submit(string token, HttpContext http, IFormCollection body, SurveyForms forms, AbuseSignals signals,
        SubmissionStore store, IDataProtectionProvider protection, CancellationToken ct)
    {
        var t = CitizenText.For(body["lang"]);
        var form = await forms.FindAsync(token, ct);
        if (form is null) return ProblemPage(t, LinkState.Unknown);
        if (!LinkRules.IsAnswerable(form.State)) return ProblemPage(t, form.State);

        var answers = new List<SubmittedAnswer>();
        foreach (var q in form.AnswerableQuestions)
        {
            var value = Field(body, $"q{q.Id}");
            if (string.IsNullOrWhiteSpace(value)) continue;
            answers.Add(q.Kind == QuestionKind.Likert
                ? new SubmittedAnswer(q.Id, null, value == "na" ? null : int.TryParse(value, out var s) ? s : 0, value == "na", null)
                : new SubmittedAnswer(q.Id, null, null, false, value));
        }
        var comment = Field(body, "comment") is { Length: > 0 } c ? c : null;
        if (!CrossOriginProtection.Allows(http))
        {
            // Shown at this site's own address: if the answers are the citizen's, sending them again from here is allowed.
            return FormPage(http, t, token, form, [], [], answers, comment, StatusCodes.Status403Forbidden, t.CrossSite);
        }
        var check = AnswerRules.Check(form.Questions, form.AnswerableQuestions, answers, comment);
        foreach (var refused in InputText.Check(body).Keys) check.Errors[refused] = [t.RefusedCharacters];
        if (!check.IsValid || check.Errors.Count > 0)
        {
            return FormPage(http, t, token, form, check.Errors, check.Unprocessable, answers, comment,
                check.Unprocessable.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest);
        }
        SubmissionOutcome outcome;
        try
        {
            // A standing link's device cookie is given here, on the first rating, not with the form (whose bytes are shared):
            // the device window holds from a phone's second rating on.
            outcome = await store.SubmitAsync(new Submission(form, new SubmittedAnswers(check.Answers, comment, t.Lang,
                form.IsStanding ? signals.DeviceHash(http) : null, signals.IpHash(http))), ct);
        }
        catch (Exception e) when (ProblemExceptionHandler.IsDatabaseUnavailable(e))
        {
            // An outage or a failover: the API's 503 with Retry-After, but a citizen gets the form back with what they chose
            // and typed, so sending it again is one press. A retry after an unknown commit meets the link's own rules.
            ProblemExceptionHandler.Unavailable(http, e);
            return FormPage(http, t, token, form, [], [], answers, comment, StatusCodes.Status503ServiceUnavailable, t.Unavailable);
        }
        return outcome.Status switch
        {
            SubmissionStatus.Stored => Results.Redirect(
                $"/s/{token}/thanks?r={Uri.EscapeDataString(ThankYou.Protect(protection, outcome.ResponseId, outcome.UnitId, form.InvitationId,
                    check.HasLowRating))}&lang={t.Lang}"),
            SubmissionStatus.DeviceAlreadyRated => Message(t, t.DeviceAlreadyRated, StatusCodes.Status409Conflict),
            _ => ProblemPage(t, outcome.Refusal),
        };
    }

    private static async Task<IResult> ShowThanks(string token, string? r, string? lang, SurveyForms forms,
        IDataProtectionProvider protection, FollowUpLinks followUp, CancellationToken ct)
    {
        var t = CitizenText.For(lang);
        var form = await forms.FindAsync(token, ct);
        var reference = ThankYou.Unprotect(protection, r);
        if (form is null || reference is null || reference.Value.InvitationId != form.InvitationId) return ProblemPage(t, LinkState.Unknown);
        return ThanksPage(t, token, r!, form, reference.Value, followUp, recorded: false);
    }

    private static async Task<IResult> SubmitDisappointments(string token, HttpContext http, IFormCollection body, SurveyForms forms,
        IDataProtectionProvider protection, FollowUpLinks followUp, SubmissionStore store, CancellationToken ct)
    {
        var t = CitizenText.For(body["lang"]);
        var form = await forms.FindAsync(token, ct);
        var r = body["r"].ToString();
        var reference = ThankYou.Unprotect(protection, r);
        if (form is null || reference is null || reference.Value.InvitationId != form.InvitationId || !reference.Value.Low)
        {
            return ProblemPage(t, LinkState.Unknown);
        }
        var allowed = AnswerRules.DisappointmentChoices(form.Questions).Select(q => q.Criterion).ToHashSet();
        var picked = body["criteria"].Select(v => v ?? "").Distinct().ToArray();
        if (!CrossOriginProtection.Allows(http))
        {
            return ThanksPage(t, token, r, form, reference.Value, followUp, recorded: false, t.CrossSite, StatusCodes.Status403Forbidden,
                picked.Where(allowed.Contains).ToArray());
        }
        if (picked.Length == 0 || picked.Any(p => !allowed.Contains(p)))
        {
            return Message(t, (t.En ? "Please pick from the list" : "Vui lòng chọn trong danh sách",
                t.En ? "Choose at least one of the listed items." : "Hãy chọn ít nhất một nội dung trong danh sách."),
                StatusCodes.Status400BadRequest);
        }
        await store.RecordDisappointmentsAsync(reference.Value.ResponseId, picked, ct);
        return ThanksPage(t, token, r, form, reference.Value, followUp, recorded: true);
    }

    private static IResult FormPage(HttpContext http, CitizenText t, string token, SurveyForm form, Dictionary<string, string[]> errors,
        List<string> unprocessable, List<SubmittedAnswer>? given, string? comment, int status, string? notice = null)
    {
        http.Response.Headers.CacheControl = FormCacheControl;
        return new RazorComponentResult<SurveyFormPage>(FormParameters(t, token, form, errors, unprocessable, given, comment, notice))
        {
            StatusCode = status,
        };
    }

    private static IResult ThanksPage(CitizenText t, string token, string r, SurveyForm form, ThankYou.Reference reference,
        FollowUpLinks followUp, bool recorded, string? notice = null, int status = StatusCodes.Status200OK,
        IReadOnlyCollection<string>? picked = null) =>
        new RazorComponentResult<SurveyThanksPage>(new
        {
            T = t, Token = token, R = r, Form = form, Low = reference.Low,
            // The filing form in the survey's language.
            FilingUrl = t.En ? HaiLong.Api.Components.CitizenLanguage.WithLang(followUp.FilingUrl(reference.ResponseId, reference.UnitId), "en")
                : followUp.FilingUrl(reference.ResponseId, reference.UnitId),
            Recorded = recorded, Notice = notice, Picked = picked ?? Array.Empty<string>(),
        }) { StatusCode = status };

    public static IResult ProblemPage(CitizenText t, LinkState state) => Message(t, t.Problem(state), LinkRules.RefusalStatus(state));

    private static IResult Message(CitizenText t, (string Title, string Body) message, int status) =>
        CitizenMessage.Result(message.Title, message.Body, status, t.Lang);
}

/// <summary>The thank-you page's reference to the response just stored: tamper-proof, short-lived, never a bare id.</summary>
public static class ThankYou
{
    public readonly record struct Reference(long ResponseId, int UnitId, long InvitationId, bool Low);

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider provider) =>
        provider.CreateProtector("HaiLong.Responses.ThankYou").ToTimeLimitedDataProtector();

    public static string Protect(IDataProtectionProvider provider, long responseId, int unitId, long invitationId, bool low) =>
        Protector(provider).Protect($"{responseId}:{unitId}:{invitationId}:{(low ? 1 : 0)}", TimeSpan.FromDays(1));

    public static Reference? Unprotect(IDataProtectionProvider provider, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            var p = Protector(provider).Unprotect(value).Split(':');
            return new Reference(long.Parse(p[0]), int.Parse(p[1]), long.Parse(p[2]), p[3] == "1");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
