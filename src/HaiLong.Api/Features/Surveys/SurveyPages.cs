using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Responses;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Surveys;

/// <summary>One question as the edit form shows it: the text typed (or stored), not yet read as a <see cref="QuestionInput"/>.</summary>
public sealed record QuestionRow(string? Criterion, string? Group, string? Kind, string? TextVi, string? TextEn, bool Required,
    bool NotApplicable, string? Choices, string? Order, bool Remove = false)
{
    public static QuestionRow Blank(int order) => new(null, null, nameof(QuestionKind.Likert), null, null, false, false, null, order.ToString());

    public bool IsBlank => string.IsNullOrWhiteSpace(Criterion) && string.IsNullOrWhiteSpace(TextVi) && string.IsNullOrWhiteSpace(TextEn)
        && string.IsNullOrWhiteSpace(Choices);

    public static QuestionRow Of(SurveyQuestion q) => new(q.Criterion, q.CriterionGroup, q.Kind.ToString(), q.TextVi, q.TextEn, q.Required,
        q.AllowNotApplicable, q.Choices, q.Order.ToString());
}

/// <summary>
/// Staff pages for survey templates: the templates and their versions, one version with its questions (a draft's edit form),
/// the preview of a version as the citizen sees it, publishing. Every change goes through <see cref="SurveyDrafts"/>, as the
/// API's do; any staff member may read (as <c>GET /api/surveys</c>), administrators change.
/// </summary>
public static class SurveyPages
{
    /// <summary>The most rows a form may post: the API's 60 questions and one blank row to add.</summary>
    private const int MaxRows = 61;

    internal static IEndpointRouteBuilder MapSurveyPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/surveys").ExcludeFromDescription().RequireAuthorization(Policies.Staff);
        pages.MapGet("/", Index);
        pages.MapGet("/versions/{id:int}", Version);
        pages.MapGet("/versions/{id:int}/preview", Preview);
        // IFormCollection is bound so the framework checks each post's antiforgery token, even where no field is read.
        pages.MapPost("/{templateId:int}/versions", CreateDraft).RequireAuthorization(Policies.Administrator);
        pages.MapPost("/versions/{id:int}/questions", SaveQuestions).RequireAuthorization(Policies.Administrator);
        pages.MapPost("/versions/{id:int}/publish", Publish).RequireAuthorization(Policies.Administrator);
        return app;
    }

    private static async Task<IResult> Index(HaiLongDbContext db, CancellationToken ct) =>
        await IndexPageAsync(db, null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> IndexPageAsync(HaiLongDbContext db, string? error, int status, CancellationToken ct)
    {
        var templates = await db.SurveyTemplates.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new SurveyTemplatesPage.Template(t.Id, t.Code, t.NameVi, t.Purpose,
                t.Versions.OrderByDescending(v => v.Number)
                    .Select(v => new SurveyTemplatesPage.Version(v.Id, v.Number, v.PublishedAt, v.Questions.Count)).ToList()))
            .ToListAsync(ct);
        return new RazorComponentResult<SurveyTemplatesPage>(new { Templates = templates, Error = error }) { StatusCode = status };
    }

    private static async Task<IResult> Version(int id, HaiLongDbContext db, IStringLocalizer<StaffResources> L, [FromQuery] bool? saved,
        CancellationToken ct)
    {
        var version = await SurveyDrafts.LoadAsync(db.SurveyVersions.AsNoTracking(), id, ct);
        if (version is null) return NotFound(L);
        var rows = version.Questions.OrderBy(q => q.Order).Select(QuestionRow.Of).ToList();
        return VersionPage(version, rows, new Dictionary<string, string>(), saved == true ? L["SurveyTemplates_Saved"].Value : null,
            StatusCodes.Status200OK);
    }

    private static IResult VersionPage(SurveyVersion version, IReadOnlyList<QuestionRow> rows, IReadOnlyDictionary<string, string> errors,
        string? notice, int status)
    {
        var draft = version.PublishedAt is null;
        // A draft's form always offers one blank row to add a question.
        IReadOnlyList<QuestionRow> shown = draft ? [.. rows, QuestionRow.Blank(rows.Count + 1)] : rows;
        return new RazorComponentResult<SurveyVersionPage>(new
        {
            VersionId = version.Id, version.Number, version.PublishedAt, TemplateName = version.Template.NameVi, version.TemplateId,
            Rows = shown, Errors = errors, Notice = notice,
        }) { StatusCode = status };
    }

    private static IResult NotFound(IStringLocalizer<StaffResources> L) => StaffMessagePage.Result(L["SurveyTemplates_NotFoundTitle"],
        L["SurveyTemplates_NotFound"], L["SurveyTemplates_Back"], StatusCodes.Status404NotFound, "/staff/surveys");

    private static async Task<IResult> CreateDraft(int templateId, IFormCollection form, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        var (draft, refusal) = await SurveyDrafts.CreateAsync(db, templateId, ct);
        if (refusal is null) return Results.Redirect($"/staff/surveys/versions/{draft!.Id}", preserveMethod: false);
        return refusal.Reason == SurveyRefusalReason.NotFound
            ? NotFound(L)
            : await IndexPageAsync(db, L["SurveyTemplates_DraftExists"], StatusCodes.Status409Conflict, ct);
    }

    private static async Task<IResult> Publish(int id, IFormCollection form, HaiLongDbContext db, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var (version, refusal) = await SurveyDrafts.PublishAsync(db, clock, id, ct);
        if (refusal is null) return Results.Redirect($"/staff/surveys/versions/{version!.Id}", preserveMethod: false);
        if (refusal.Reason == SurveyRefusalReason.NotFound) return NotFound(L);
        var stored = (await SurveyDrafts.LoadAsync(db.SurveyVersions.AsNoTracking(), id, ct))!;
        return VersionPage(stored, stored.Questions.OrderBy(q => q.Order).Select(QuestionRow.Of).ToList(), new Dictionary<string, string>(),
            L["SurveyTemplates_AlreadyPublished"], StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> SaveQuestions(int id, IFormCollection form, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        var version = await SurveyDrafts.LoadAsync(db.SurveyVersions.AsNoTracking(), id, ct);
        if (version is null) return NotFound(L);
        var rows = ReadRows(form);
        if (version.PublishedAt is not null)
        {
            // Published versions never change: the stored questions are shown, not what was posted.
            return VersionPage(version, version.Questions.OrderBy(q => q.Order).Select(QuestionRow.Of).ToList(), new Dictionary<string, string>(),
                L["SurveyTemplates_PublishedImmutable"], StatusCodes.Status409Conflict);
        }

        var (inputs, rowOf, errors) = Read(rows, L);
        // The set's rules too, so one refusal names everything wrong at once (the API's 400 does the same in two steps).
        foreach (var p in QuestionRules.Check(inputs)) Word(p, rowOf, errors, L);
        if (errors.Count == 0)
        {
            var (_, refusal) = await SurveyDrafts.SaveQuestionsAsync(db, id, inputs, ct);
            if (refusal is null) return Results.Redirect($"/staff/surveys/versions/{id}?saved=true", preserveMethod: false);
            if (refusal.Reason == SurveyRefusalReason.NotFound) return NotFound(L);
            if (refusal.Reason != SurveyRefusalReason.InvalidQuestions)
            {
                var stored = (await SurveyDrafts.LoadAsync(db.SurveyVersions.AsNoTracking(), id, ct))!;
                return VersionPage(stored, stored.Questions.OrderBy(q => q.Order).Select(QuestionRow.Of).ToList(), new Dictionary<string, string>(),
                    L["SurveyTemplates_PublishedImmutable"], StatusCodes.Status409Conflict);
            }
            foreach (var p in refusal.Questions) Word(p, rowOf, errors, L);
        }
        // The rows come back exactly as typed, the removed and the blank ones too, so nothing typed is lost.
        return new RazorComponentResult<SurveyVersionPage>(new
        {
            VersionId = version.Id, version.Number, version.PublishedAt, TemplateName = version.Template.NameVi, version.TemplateId,
            Rows = (IReadOnlyList<QuestionRow>)[.. rows],
            Errors = (IReadOnlyDictionary<string, string>)errors, Notice = (string?)null,
        }) { StatusCode = StatusCodes.Status400BadRequest };
    }

    private static List<QuestionRow> ReadRows(IFormCollection form)
    {
        var count = int.TryParse(form["count"], out var c) ? Math.Clamp(c, 0, MaxRows) : 0;
        string? F(string name, int i) => form[$"{name}{i}"].FirstOrDefault();
        return Enumerable.Range(0, count).Select(i => new QuestionRow(F("criterion", i), F("group", i), F("kind", i), F("textVi", i),
            F("textEn", i), F("required", i) == "true", F("na", i) == "true", F("choices", i), F("order", i), F("remove", i) == "true")).ToList();
    }

    /// <summary>
    /// The rows to keep, in their order, as the API's records, checked with the records' own DataAnnotations; errors are keyed by
    /// form field (<c>textVi3</c>), <c>""</c> for the set as a whole. <c>rowOf[k]</c> is the form row of the k-th question.
    /// </summary>
    private static (List<QuestionInput> Inputs, List<int> RowOf, Dictionary<string, string> Errors) Read(IReadOnlyList<QuestionRow> rows,
        IStringLocalizer<StaffResources> L)
    {
        var errors = new Dictionary<string, string>();
        var ordered = new List<(int Order, int Row)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.Remove || r.IsBlank) continue;
            if (!StaffForms.TryWhole(r.Order, out var order) || order is < 1 or > 999)
            {
                errors[$"order{i}"] = L["Form_Range", L["SurveyTemplates_Order"], 1, 999];
            }
            ordered.Add((order ?? i + 1, i));
        }
        var rowOf = ordered.OrderBy(o => o.Order).ThenBy(o => o.Row).Select(o => o.Row).ToList();
        var inputs = new List<QuestionInput>();
        foreach (var i in rowOf)
        {
            var r = rows[i];
            QuestionKind? kind = Enum.TryParse<QuestionKind>(r.Kind, out var k) && Enum.IsDefined(k) && !int.TryParse(r.Kind, out _) ? k : null;
            var choices = new List<SurveyChoice>();
            foreach (var line in (r.Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split('|');
                if (parts.Length != 3)
                {
                    errors.TryAdd($"choices{i}", L["SurveyTemplates_ChoiceFormat", line]);
                    continue;
                }
                choices.Add(new SurveyChoice(parts[0].Trim(), parts[1].Trim(), parts[2].Trim()));
            }
            var input = new QuestionInput(r.Criterion?.Trim() ?? "", r.Group?.Trim() ?? "", kind, r.TextVi?.Trim() ?? "", r.TextEn?.Trim() ?? "",
                r.Required, r.NotApplicable, choices.Count > 0 ? choices : null);
            inputs.Add(input);
            var fields = new Dictionary<string, (string Field, string Label)>
            {
                [nameof(QuestionInput.Criterion)] = ($"criterion{i}", L["SurveyTemplates_Criterion"]),
                [nameof(QuestionInput.CriterionGroup)] = ($"group{i}", L["SurveyTemplates_Group"]),
                [nameof(QuestionInput.Kind)] = ($"kind{i}", L["SurveyTemplates_Kind"]),
                [nameof(QuestionInput.TextVi)] = ($"textVi{i}", L["SurveyTemplates_TextVi"]),
                [nameof(QuestionInput.TextEn)] = ($"textEn{i}", L["SurveyTemplates_TextEn"]),
                [nameof(QuestionInput.Choices)] = ($"choices{i}", L["SurveyTemplates_Choices"]),
            };
            StaffForms.Validate(input, fields, errors, L);
            var choiceFields = new Dictionary<string, (string Field, string Label)>
            {
                [nameof(SurveyChoice.Value)] = ($"choices{i}", L["SurveyTemplates_Choices"]),
                [nameof(SurveyChoice.Vi)] = ($"choices{i}", L["SurveyTemplates_Choices"]),
                [nameof(SurveyChoice.En)] = ($"choices{i}", L["SurveyTemplates_Choices"]),
            };
            foreach (var choice in choices) StaffForms.Validate(choice, choiceFields, errors, L);
        }
        var request = new SaveQuestionsRequest(inputs);
        var setFields = new Dictionary<string, (string Field, string Label)>
        {
            [nameof(SaveQuestionsRequest.Questions)] = ("", L["SurveyTemplates_Questions"]),
        };
        StaffForms.Validate(request, setFields, errors, L);
        if (inputs.Count == 0) errors.TryAdd("", L["SurveyTemplates_NoQuestions"]);
        return (inputs, rowOf, errors);
    }

    /// <summary>The rule's words in Vietnamese, beside the field of the row that broke it.</summary>
    private static void Word(QuestionProblem p, List<int> rowOf, Dictionary<string, string> errors, IStringLocalizer<StaffResources> L)
    {
        if (p.Index is not { } index)
        {
            var message = p.Rule == QuestionRule.DuplicateCriterion ? L["SurveyTemplates_Duplicate", p.Detail ?? ""]
                : L["SurveyTemplates_NoOverall", Criteria.Overall];
            errors.TryAdd(p.Key, message);
            return;
        }
        var row = rowOf[index];
        var (field, text) = p.Rule switch
        {
            QuestionRule.KindMissing => ($"kind{row}", L["SurveyTemplates_KindMissing"].Value),
            QuestionRule.LikertCriterionUnknown => ($"criterion{row}", L["SurveyTemplates_CriterionUnknown", p.Detail ?? ""].Value),
            QuestionRule.NotApplicableOnlyLikert => ($"na{row}", L["SurveyTemplates_NotApplicableLikertOnly"].Value),
            _ => ($"choices{row}", L["SurveyTemplates_TooFewChoices"].Value),
        };
        errors.TryAdd(field, text);
    }

    private static async Task<IResult> Preview(int id, HaiLongDbContext db, IStringLocalizer<StaffResources> L, TimeProvider clock,
        [FromQuery] string? lang, CancellationToken ct)
    {
        var version = await SurveyDrafts.LoadAsync(db.SurveyVersions.AsNoTracking(), id, ct);
        if (version is null) return NotFound(L);
        var t = new CitizenText(string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase));
        var kind = version.Template.Purpose == SurveyPurpose.Service ? InvitationKind.Transaction : InvitationKind.Annual;
        var subject = new SurveySubject(L["SurveyTemplates_PreviewUnit"], null, null, null, null, null,
            kind == InvitationKind.Annual ? VietnamTime.Today(clock).Year : null);
        // No invitation and no token: the preview's form posts nowhere, so it can never become a response.
        var form = new SurveyForm(0, kind, LinkState.Open, version.Id, version.Template.NameVi, version.Template.NameEn, 0, null, null, null, null,
            subject, version.Questions.OrderBy(q => q.Order).ToList());
        return new RazorComponentResult<SurveyFormPage>(new
        {
            T = t, Token = "", Form = form,
            PreviewNotice = L["SurveyTemplates_PreviewBanner", version.Number].Value,
            PreviewBack = $"/staff/surveys/versions/{version.Id}",
            PreviewBackText = L["SurveyTemplates_PreviewBack"].Value,
        });
    }
}
