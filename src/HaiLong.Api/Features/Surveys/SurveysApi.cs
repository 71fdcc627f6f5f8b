using System.ComponentModel;
using HaiLong.Data.Configurations;
using HaiLong.Api.Infrastructure.Seeding;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Surveys;

public sealed record SurveyVersionSummary(int Id, int Number, DateTimeOffset? PublishedAt, int QuestionCount);

public sealed record SurveyTemplateResponse(int Id, string Code, string NameVi, string NameEn, SurveyPurpose Purpose, SurveyVersionSummary[] Versions);

public sealed record QuestionResponse(int Id, int Order, string Criterion, string CriterionGroup, QuestionKind Kind, string TextVi, string TextEn,
    bool Required, bool AllowNotApplicable, [property: Description("SingleChoice only; empty otherwise")] SurveyChoice[] Choices);

public sealed record SurveyVersionResponse(int Id, int TemplateId, string TemplateCode, int Number, DateTimeOffset? PublishedAt, QuestionResponse[] Questions);

public sealed record QuestionInput(
    [property: Required, MaxLength(Limits.Code), Description("Criterion key, e.g. official.attitude; Likert questions use the shared keys")] string Criterion,
    [property: Required, MaxLength(Limits.Code),
        Description("SIPAS group: access, procedure, official, result, feedback, overall, government")] string CriterionGroup,
    [property: Required] QuestionKind? Kind,
    [property: Required, MaxLength(1000)] string TextVi,
    [property: Required, MaxLength(1000)] string TextEn,
    [property: Description("The citizen must answer it (default false)")] bool Required = false,
    [property: Description("Offer \"Không áp dụng\" (Likert only)")] bool AllowNotApplicable = false,
    // Eight choices of at most 64 + 200 + 200 characters, joined as value|vi|en, always fit the 4,000-character column.
    [property: MaxLength(8), Description("SingleChoice only: two to eight")] IReadOnlyList<SurveyChoice>? Choices = null);

// Lists of records are IReadOnlyList, not arrays: .NET 10's validation generator walks into the elements of a list but not of
// an array, so an array's items would never be validated (a question without its criterion reached the database).
public sealed record SaveQuestionsRequest([property: Required, MinLength(1), MaxLength(60)] IReadOnlyList<QuestionInput> Questions);

public static class SurveysApi
{
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddScoped<IReferenceDataSeed, DefaultTemplates>();
        services.AddStaffLink("/staff/surveys", "SurveyTemplates_Link", Roles.Administrator);
        return services;
    }

    public static IEndpointRouteBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/surveys").WithTags("Surveys").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListTemplates).WithName("ListSurveyTemplates");
        group.MapGet("/versions/{id:int}", GetVersion).WithName("GetSurveyVersion")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{templateId:int}/versions", CreateVersion).WithName("CreateSurveyVersion")
            .RequireAuthorization(Policies.Administrator)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/versions/{id:int}/questions", SaveQuestions).WithName("SaveSurveyQuestions")
            .RequireAuthorization(Policies.Administrator)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/versions/{id:int}/publish", Publish).WithName("PublishSurveyVersion")
            .RequireAuthorization(Policies.Administrator)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapSurveyPages();
        return app;
    }

    /// <summary>Survey templates and their versions</summary>
    /// <remarks>
    /// Any signed-in staff member. Lists every survey template with the number, publication time and question count of each
    /// version; changes nothing.
    /// </remarks>
    public static async Task<Ok<SurveyTemplateResponse[]>> ListTemplates(HaiLongDbContext db, CancellationToken ct)
    {
        var templates = await db.SurveyTemplates.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new SurveyTemplateResponse(t.Id, t.Code, t.NameVi, t.NameEn, t.Purpose,
                t.Versions.OrderBy(v => v.Number).Select(v => new SurveyVersionSummary(v.Id, v.Number, v.PublishedAt, v.Questions.Count)).ToArray()))
            .ToArrayAsync(ct);
        return TypedResults.Ok(templates);
    }

    /// <summary>One survey version with its questions</summary>
    /// <remarks>Any signed-in staff member. Reads one version with its questions in order; an unknown id answers 404.</remarks>
    public static async Task<Results<Ok<SurveyVersionResponse>, ProblemHttpResult>> GetVersion(int id, HaiLongDbContext db, CancellationToken ct)
    {
        var version = await SurveyDrafts.LoadAsync(db.SurveyVersions.AsNoTracking(), id, ct);
        return version is null ? TypedResults.Problem(Problems.NotFound("survey version", id)) : TypedResults.Ok(ToResponse(version));
    }

    /// <summary>Start a draft version, copying the questions of the latest version</summary>
    /// <remarks>
    /// Administrators only. Starts a draft version numbered after the latest, copying its questions. Refused when the template
    /// is unknown (404) or already has a draft (409).
    /// </remarks>
    public static async Task<Results<Created<SurveyVersionResponse>, ProblemHttpResult>> CreateVersion(
        int templateId, HaiLongDbContext db, CancellationToken ct)
    {
        var (draft, refusal) = await SurveyDrafts.CreateAsync(db, templateId, ct);
        return refusal is not null
            ? TypedResults.Problem(refusal.Problem)
            : TypedResults.Created($"/api/surveys/versions/{draft!.Id}", ToResponse(draft));
    }

    /// <summary>Replace the questions of a draft version (a published version is immutable: 409)</summary>
    /// <remarks>
    /// Administrators only. Replaces every question of a draft version. Refuses an unknown version (404), a published one (409,
    /// published versions never change) and a question set the citizen form could not render (400: unknown kind, duplicate
    /// criterion, no required overall-satisfaction Likert question, a single choice with fewer than two choices).
    /// </remarks>
    public static async Task<Results<Ok<SurveyVersionResponse>, ValidationProblem, ProblemHttpResult>> SaveQuestions(
        int id, SaveQuestionsRequest request, HaiLongDbContext db, CancellationToken ct)
    {
        var (version, refusal) = await SurveyDrafts.SaveQuestionsAsync(db, id, request.Questions, ct);
        if (refusal is null) return TypedResults.Ok(ToResponse(version!));
        return refusal.Reason == SurveyRefusalReason.InvalidQuestions
            ? TypedResults.ValidationProblem(QuestionRules.ToErrors(refusal.Questions))
            : TypedResults.Problem(refusal.Problem);
    }

    /// <summary>Publish a draft version; from then on it never changes</summary>
    /// <remarks>
    /// Administrators only. Stamps the draft as published; from then on its questions never change and new invitations use it.
    /// Refuses an unknown version (404) and one already published (409).
    /// </remarks>
    public static async Task<Results<Ok<SurveyVersionResponse>, ProblemHttpResult>> Publish(
        int id, HaiLongDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (version, refusal) = await SurveyDrafts.PublishAsync(db, clock, id, ct);
        return refusal is not null ? TypedResults.Problem(refusal.Problem) : TypedResults.Ok(ToResponse(version!));
    }

    private static SurveyVersionResponse ToResponse(SurveyVersion v) => new(v.Id, v.TemplateId, v.Template.Code, v.Number, v.PublishedAt,
        v.Questions.OrderBy(q => q.Order).Select(q => new QuestionResponse(q.Id, q.Order, q.Criterion, q.CriterionGroup, q.Kind,
            q.TextVi, q.TextEn, q.Required, q.AllowNotApplicable, [.. SurveyChoices.Parse(q.Choices)])).ToArray());
}

public enum QuestionRule
{
    KindMissing,
    LikertCriterionUnknown,
    NotApplicableOnlyLikert,
    TooFewChoices,
    DuplicateCriterion,
    NoOverall,
}

/// <summary>One broken rule: <see cref="Index"/> is the question's position (null for the set as a whole), <see cref="Key"/>
/// the API's error key, <see cref="Message"/> the API's English words; a page words <see cref="Rule"/> itself.</summary>
public sealed record QuestionProblem(QuestionRule Rule, int? Index, string Key, string Message, string? Detail = null);

/// <summary>Checks a draft's question set before it is stored; what it lets through, the citizen form can render and validate.</summary>
public static class QuestionRules
{
    public static Dictionary<string, string[]> Validate(IReadOnlyList<QuestionInput> questions) => ToErrors(Check(questions));

    public static Dictionary<string, string[]> ToErrors(IReadOnlyList<QuestionProblem> problems) =>
        problems.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());

    public static IReadOnlyList<QuestionProblem> Check(IReadOnlyList<QuestionInput> questions)
    {
        var problems = new List<QuestionProblem>();
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var key = $"questions[{i}]";
            // Required on the record: the API refuses a missing kind before this; a direct caller gets the same answer.
            if (q.Kind is not { } kind || !Enum.IsDefined(kind))
            {
                problems.Add(new(QuestionRule.KindMissing, i, key, "Give the kind: Likert, YesNo, SingleChoice or FreeText."));
                continue;
            }
            if (kind == QuestionKind.Likert && !Criteria.LabelsVi.ContainsKey(q.Criterion))
            {
                problems.Add(new(QuestionRule.LikertCriterionUnknown, i, key,
                    $"Likert questions use a shared criterion key (HaiLong.Data.Entities.Criteria); '{q.Criterion}' is not one.", q.Criterion));
            }
            else if (kind != QuestionKind.Likert && q.AllowNotApplicable)
            {
                problems.Add(new(QuestionRule.NotApplicableOnlyLikert, i, key, "\"Không áp dụng\" is offered on Likert questions only."));
            }
            else if (kind == QuestionKind.SingleChoice && SurveyChoices.Parse(SurveyChoices.Format(q.Choices)).Count < 2)
            {
                problems.Add(new(QuestionRule.TooFewChoices, i, key,
                    "A single-choice question needs at least two choices, each with a value, Vietnamese and English text."));
            }
        }
        var duplicates = questions.GroupBy(q => q.Criterion).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
        {
            var joined = string.Join(", ", duplicates);
            problems.Add(new(QuestionRule.DuplicateCriterion, null, "questions", $"Each criterion may appear once per version: {joined}.", joined));
        }
        if (!questions.Any(q => q.Criterion == Criteria.Overall && q.Kind == QuestionKind.Likert && q.Required))
        {
            problems.Add(new(QuestionRule.NoOverall, null, "overall",
                $"Every version asks for overall satisfaction: a required Likert question with criterion '{Criteria.Overall}'."));
        }
        return problems;
    }
}

/// <summary>One answer a single-choice question offers: the value stored, and its label in each language.</summary>
public sealed record SurveyChoice(
    [property: Required, MaxLength(64), RegularExpression(SurveyChoices.NoSeparator), Description("Stored as the answer's text")] string Value,
    [property: Required, MaxLength(200), RegularExpression(SurveyChoices.NoSeparator)] string Vi,
    [property: Required, MaxLength(200), RegularExpression(SurveyChoices.NoSeparator)] string En);

public static class SurveyChoices
{
    /// <summary>Choices are stored one per line as value|vi|en, so neither separator may appear inside one.</summary>
    public const string NoSeparator = @"^[^|\r\n]+$";

    public static string? Format(IReadOnlyList<SurveyChoice>? choices) =>
        choices is { Count: > 0 } ? string.Join('\n', choices.Select(c => $"{c.Value}|{c.Vi}|{c.En}")) : null;

    public static IReadOnlyList<SurveyChoice> Parse(string? choices) =>
        string.IsNullOrWhiteSpace(choices)
            ? []
            : choices.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('|'))
                .Where(p => p.Length == 3 && p.All(s => s.Trim().Length > 0))
                .Select(p => new SurveyChoice(p[0].Trim(), p[1].Trim(), p[2].Trim()))
                .ToList();
}
