using System.Text;
using HaiLong.Api.Infrastructure;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Responses;

/// <summary>
/// The citizen form at <c>/s/{token}</c>: server-rendered, no JavaScript, mobile-first, under 30 KB. The URL is printed on
/// paper and never changes. Every refusal is a friendly page with the matching status code.
/// </summary>
public static class ResponsePages
{
    private const string FormCss = """
        .about{background:#fff;border-left:4px solid #a50e0e;padding:.6rem 1rem;margin:0 0 1rem}.about p{margin:.2rem 0}
        fieldset{border:1px solid #d0d4da;border-radius:8px;margin:0 0 1rem;padding:.5rem .8rem;background:#fff}
        legend{font-weight:600;padding:0 .3rem}.opts label{display:flex;align-items:center;gap:.7rem;min-height:44px;font-weight:400;margin:0;padding:.2rem .4rem;border-radius:6px}
        .opts label:hover{background:#eef2f7}.opts input{width:1.5rem;height:1.5rem;margin:0;flex:none}
        .lang{float:right;display:inline-block;min-height:44px;padding:.6rem .2rem}.err{border-color:#b3261e}
        textarea{min-height:8rem}button{width:100%}
        """;

    public static IEndpointRouteBuilder MapResponsePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/s").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(Policies.CitizenRateLimit).AsCitizenPages();
        pages.MapGet("/{token}", ShowForm);
        // The handlers check the antiforgery token themselves: a lost cookie (an old tab, a phone that cleared its cookies) gets
        // the form back with the answers kept and a fresh token, not the framework's bare 400.
        pages.MapPost("/{token}", Submit).DisableAntiforgery();
        pages.MapGet("/{token}/thanks", ShowThanks);
        pages.MapPost("/{token}/thanks", SubmitDisappointments).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowForm(string token, string? lang, HttpContext http, SurveyForms forms, AbuseSignals signals,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        var t = CitizenText.For(lang);
        var form = await forms.FindForViewAsync(token, ct);
        if (form is null) return ProblemPage(t, LinkState.Unknown);
        if (form.State is not (LinkState.Open or LinkState.GeneralFallback)) return ProblemPage(t, form.State);
        if (form.IsStanding) signals.DeviceHash(http);
        return FormPage(http, antiforgery, t, token, form, new Dictionary<string, string[]>(), [], null, null, StatusCodes.Status200OK);
    }

    /// <summary>A form value as the citizen will see it again: without the characters the input boundary refuses.</summary>
    private static string Field(IFormCollection body, string name) => InputText.WithoutRefused(body[name].ToString());

    private static async Task<IResult> Submit(string token, HttpContext http, IFormCollection body, SurveyForms forms, AbuseSignals signals,
        SubmissionStore store, IAntiforgery antiforgery, IDataProtectionProvider protection, CancellationToken ct)
    {
        var t = CitizenText.For(body["lang"]);
        var form = await forms.FindAsync(token, ct);
        if (form is null) return ProblemPage(t, LinkState.Unknown);
        if (form.State is not (LinkState.Open or LinkState.GeneralFallback)) return ProblemPage(t, form.State);

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
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormPage(http, antiforgery, t, token, form, new Dictionary<string, string[]>(), [], answers, comment,
                StatusCodes.Status400BadRequest, t.SessionExpired);
        }
        var check = AnswerRules.Check(form.Questions, form.AnswerableQuestions, answers, comment);
        foreach (var refused in InputText.Check(body).Keys) check.Errors[refused] = [t.RefusedCharacters];
        if (!check.IsValid || check.Errors.Count > 0)
        {
            return FormPage(http, antiforgery, t, token, form, check.Errors, check.Unprocessable, answers, comment,
                check.Unprocessable.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest);
        }
        var outcome = await store.SubmitAsync(new Submission(form, check.Answers, comment, t.Lang,
            form.IsStanding ? signals.DeviceHash(http) : null, signals.IpHash(http)), (_, _) => (0, ""), ct);
        return outcome.Status switch
        {
            SubmissionStatus.Stored => Results.Redirect(
                $"/s/{token}/thanks?r={Uri.EscapeDataString(ThankYou.Protect(protection, outcome.ResponseId, outcome.UnitId, form.InvitationId, check.HasLowRating))}&lang={t.Lang}"),
            SubmissionStatus.DeviceAlreadyRated => Message(t, t.DeviceAlreadyRated, StatusCodes.Status409Conflict),
            var status => ProblemPage(t, ResponsesApi.StateOf(status)),
        };
    }

    private static async Task<IResult> ShowThanks(string token, string? r, string? lang, HttpContext http, SurveyForms forms,
        IDataProtectionProvider protection, FollowUpLinks followUp, IAntiforgery antiforgery, CancellationToken ct)
    {
        var t = CitizenText.For(lang);
        var form = await forms.FindAsync(token, ct);
        var reference = ThankYou.Unprotect(protection, r);
        if (form is null || reference is null || reference.Value.InvitationId != form.InvitationId) return ProblemPage(t, LinkState.Unknown);
        return ThanksPage(http, antiforgery, t, token, r!, form, reference.Value, followUp, recorded: false);
    }

    private static async Task<IResult> SubmitDisappointments(string token, HttpContext http, IFormCollection body, SurveyForms forms,
        IDataProtectionProvider protection, FollowUpLinks followUp, SubmissionStore store, IAntiforgery antiforgery, CancellationToken ct)
    {
        var t = CitizenText.For(body["lang"]);
        var form = await forms.FindAsync(token, ct);
        var r = body["r"].ToString();
        var reference = ThankYou.Unprotect(protection, r);
        if (form is null || reference is null || reference.Value.InvitationId != form.InvitationId || !reference.Value.Low)
        {
            return ProblemPage(t, LinkState.Unknown);
        }
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return ThanksPage(http, antiforgery, t, token, r, form, reference.Value, followUp, recorded: false, t.SessionExpired,
                StatusCodes.Status400BadRequest);
        }
        var allowed = AnswerRules.DisappointmentChoices(form.Questions).Select(q => q.Criterion).ToHashSet();
        var picked = body["criteria"].Select(v => v ?? "").Distinct().ToArray();
        if (picked.Length == 0 || picked.Any(p => !allowed.Contains(p)))
        {
            return Message(t, (t.En ? "Please pick from the list" : "Vui lòng chọn trong danh sách",
                t.En ? "Choose at least one of the listed items." : "Hãy chọn ít nhất một nội dung trong danh sách."), StatusCodes.Status400BadRequest);
        }
        await store.RecordDisappointmentsAsync(reference.Value.ResponseId, picked, ct);
        return ThanksPage(http, antiforgery, t, token, r, form, reference.Value, followUp, recorded: true);
    }

    private static IResult FormPage(HttpContext http, IAntiforgery antiforgery, CitizenText t, string token, SurveyForm form,
        Dictionary<string, string[]> errors, List<string> unprocessable, List<SubmittedAnswer>? given, string? comment, int status,
        string? notice = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var s = new StringBuilder();
        s.Append($"""<a class="lang" href="/s/{token}?lang={t.OtherLang}" lang="{t.OtherLang}">{t.OtherLangName}</a>""");
        s.Append($"<h1>{E(t.En ? form.TemplateNameEn : form.TemplateNameVi)}</h1>");
        s.Append(About(t, form));
        if (form.State == LinkState.GeneralFallback) s.Append($"""<p class="card">{t.FallbackIntro}</p>""");
        if (notice is not null) s.Append($"""<div class="card" role="alert"><p class="error">{E(notice)}</p></div>""");
        if (errors.Count > 0 || unprocessable.Count > 0)
        {
            s.Append($"""<div class="card" role="alert"><p class="error">{t.FixErrors}</p>""");
            foreach (var u in unprocessable) s.Append($"""<p class="error">{E(u)}</p>""");
            s.Append("</div>");
        }
        s.Append($"""<form method="post" action="/s/{token}"><input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}"><input type="hidden" name="lang" value="{t.Lang}">""");
        foreach (var q in form.AnswerableQuestions)
        {
            var name = $"q{q.Id}";
            var previous = given?.FirstOrDefault(a => a.QuestionId == q.Id);
            var error = errors.TryGetValue(name, out var messages) ? messages[0] : null;
            var describedBy = error is null ? "" : $""" aria-describedby="e{q.Id}" """;
            var required = q.Required ? $" <span class=\"muted\">{t.Required}</span>" : "";
            if (q.Kind == QuestionKind.FreeText)
            {
                s.Append($"""<label for="{name}">{E(t.CriterionLabel(q))}{required}</label>""");
                if (error is not null) s.Append($"""<p class="error" id="e{q.Id}">{E(error)}</p>""");
                s.Append($"""<textarea id="{name}" name="{name}" maxlength="{AnswerRules.MaxCommentLength}"{describedBy}>{E(previous?.Text)}</textarea>""");
                continue;
            }
            s.Append($"""<fieldset{(error is null ? "" : " class=\"err\"")}{describedBy}><legend>{E(t.CriterionLabel(q))}{required}</legend>""");
            if (error is not null) s.Append($"""<p class="error" id="e{q.Id}">{E(error)}</p>""");
            s.Append("""<div class="opts">""");
            var options = q.Kind switch
            {
                QuestionKind.Likert => Enumerable.Range(1, 5).Reverse().Select(v => (Value: v.ToString(), Label: t.Likert(v)))
                    .Concat(q.AllowNotApplicable ? [("na", t.NotApplicable)] : []),
                QuestionKind.YesNo => [("yes", t.Yes), ("no", t.No)],
                _ => Surveys.SurveyChoices.Parse(q.Choices).Select(c => (c.Value, t.En ? c.En : c.Vi)),
            };
            var chosen = previous is null ? null : previous.NotApplicable ? "na" : previous.Score?.ToString() ?? previous.Text;
            foreach (var (value, label) in options)
            {
                var id = $"{name}_{value}";
                s.Append($"""<label for="{id}"><input type="radio" id="{id}" name="{name}" value="{E(value)}"{(q.Required ? " required" : "")}{(chosen == value ? " checked" : "")}>{E(label)}</label>""");
            }
            s.Append("</div></fieldset>");
        }
        s.Append($"""<label for="comment">{t.Comment}</label><p class="muted" id="comment-hint">{t.CommentHint}</p>""");
        if (errors.TryGetValue("comment", out var commentErrors)) s.Append($"""<p class="error" id="comment-error">{E(commentErrors[0])}</p>""");
        s.Append($"""<textarea id="comment" name="comment" maxlength="{AnswerRules.MaxCommentLength}" aria-describedby="comment-hint">{E(comment)}</textarea>""");
        s.Append($"""<p class="muted">{t.Anonymous}</p><p><button type="submit">{t.Submit}</button></p></form>""");
        return Page(t.FormTitle, s.ToString(), t.Lang, status, FormCss);
    }

    private static string About(CitizenText t, SurveyForm form)
    {
        var s = new StringBuilder("""<div class="about">""");
        s.Append($"<p><strong>{E(form.Subject.UnitName)}</strong></p>");
        if (form.State != LinkState.GeneralFallback)
        {
            if (form.Subject.OfficialName is { } name)
            {
                s.Append($"<p>{t.Official}: <strong>{E(name)}</strong> — {E(form.Subject.OfficialPosition)}</p>");
            }
            if (form.Subject.ProcedureName is { } procedure) s.Append($"<p>{t.Procedure}: {E(procedure)}</p>");
            if (form.Subject.ServicePointName is { } counter) s.Append($"<p>{t.Counter}: {E(counter)}</p>");
            if (form.Subject.MeetingTitle is { } meeting) s.Append($"<p>{t.Meeting}: {E(meeting)}</p>");
            if (form.Kind == InvitationKind.Annual && form.Subject.Year is { } year) s.Append($"<p>{t.Year}: {year}</p>");
        }
        return s.Append("</div>").ToString();
    }

    private static IResult ThanksPage(HttpContext http, IAntiforgery antiforgery, CitizenText t, string token, string r, SurveyForm form,
        ThankYou.Reference reference, FollowUpLinks followUp, bool recorded, string? notice = null, int status = StatusCodes.Status200OK)
    {
        var s = new StringBuilder($"""<h1>{t.Thanks}</h1><div class="card" role="status"><p>{t.ThanksBody}</p></div>""");
        if (notice is not null) s.Append($"""<div class="card" role="alert"><p class="error">{E(notice)}</p></div>""");
        if (recorded)
        {
            s.Append($"""<div class="card"><p>{t.CriteriaThanks}</p></div>""");
        }
        else if (reference.Low)
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            s.Append($"""<form method="post" action="/s/{token}/thanks"><input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}"><input type="hidden" name="lang" value="{t.Lang}"><input type="hidden" name="r" value="{E(r)}">""");
            s.Append($"""<fieldset><legend>{t.WhichCriterion}</legend><div class="opts">""");
            foreach (var q in AnswerRules.DisappointmentChoices(form.Questions))
            {
                var id = $"d_{q.Criterion.Replace('.', '_')}";
                s.Append($"""<label for="{id}"><input type="checkbox" id="{id}" name="criteria" value="{E(q.Criterion)}">{E(t.CriterionLabel(q))}</label>""");
            }
            s.Append($"""</div></fieldset><p><button type="submit">{t.SendCriteria}</button></p></form>""");
        }
        s.Append($"""<div class="card"><p>{t.FileCaseHint}</p><p><a class="button" href="{E(followUp.FilingUrl(reference.ResponseId, reference.UnitId))}">{t.FileCase}</a></p></div>""");
        return Page(t.Thanks, s.ToString(), t.Lang, status, FormCss);
    }

    public static IResult ProblemPage(CitizenText t, LinkState state) => Message(t, t.Problem(state), state switch
    {
        LinkState.Used or LinkState.NotYetOpen => StatusCodes.Status409Conflict,
        LinkState.Revoked or LinkState.Closed or LinkState.GeneralFallback => StatusCodes.Status410Gone,
        _ => StatusCodes.Status404NotFound,
    });

    private static IResult Message(CitizenText t, (string Title, string Body) message, int status) =>
        Page(message.Title, $"""<h1>{E(message.Title)}</h1><div class="card" role="alert"><p>{E(message.Body)}</p></div>""", t.Lang, status, FormCss);
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
