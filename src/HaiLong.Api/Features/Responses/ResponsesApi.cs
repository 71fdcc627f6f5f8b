using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Surveys;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Responses;

public sealed record SurveyFormSubject(string Unit, string? Official, string? OfficialPosition, string? Procedure, string? ServicePoint,
    string? Meeting, int? Year);

public sealed record SurveyFormQuestion(int Id, string Criterion, QuestionKind Kind, string TextVi, string TextEn, bool Required,
    bool AllowNotApplicable, [property: Description("SingleChoice only; empty otherwise")] SurveyChoice[] Choices);

/// <summary>Which questions a survey link offers.</summary>
public enum FormMode
{
    /// <summary>Every question of the survey version.</summary>
    Full,

    /// <summary>An expired transaction link: only a general rating of the ward.</summary>
    General,
}

public sealed record SurveyFormResponse(
    InvitationKind Kind,
    [property: Description("Full, or General when an expired transaction link offers only a general rating of the ward")] FormMode Mode,
    int SurveyVersionId, string TitleVi, string TitleEn, SurveyFormSubject Subject, SurveyFormQuestion[] Questions);

public sealed record AnswerInput(
    [property: Description("The question's id in this survey version (give it or the criterion)")] int? QuestionId = null,
    [property: MaxLength(64), Description("Or the criterion key of the question")] string? Criterion = null,
    [property: Description("Likert rating 1 (Rất không hài lòng) to 5 (Rất hài lòng)")] int? Score = null,
    [property: Description("\"Không áp dụng\", where the question allows it")] bool NotApplicable = false,
    [property: MaxLength(2000), Description("yes/no, the choice's value, or free text")] string? Text = null);

public sealed record SubmitResponseRequest(
    [property: Required, MaxLength(64), Description("The token from the survey URL /s/{token}")] string Token,
    [property: Required, MaxLength(60)] IReadOnlyList<AnswerInput> Answers,
    [property: MaxLength(2000), Description("Góp ý; shown escaped wherever it appears")] string? Comment = null,
    [property: AllowedValues("vi", "en", null), Description("Language of the citizen's form (default vi)")] string? Language = null);

public sealed record SubmittedResponse(long ResponseId, bool GeneralFallback,
    [property: Description("Where the citizen can file a petition or complaint about this visit")] string FollowUpUrl);

public static class ResponsesApi
{
    public static IServiceCollection AddResponses(this IServiceCollection services)
    {
        services.AddScoped<SurveyForms>();
        services.AddSingleton<PublishedVersions>();
        services.AddScoped<SubmissionStore>();
        services.AddSingleton<AbuseSignals>();
        // The salt is read (or created) once the database is migrated, so no citizen's request waits for it.
        services.AddSingleton<IStartupTask, AbuseSignals.LoadAtStartup>();
        services.AddSingleton<StandingFormCache>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, StandingFormCache.Invalidation>();
        services.AddSingleton<FollowUpLinks>();
        services.AddResponseBursts();
        ResponseStaffPages.AddHomeLink(services);
        return services;
    }

    public static IEndpointRouteBuilder MapResponses(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/responses").WithTags("Responses").AllowAnonymous().RequireRateLimiting(Policies.CitizenRateLimit);
        group.MapGet("/forms/{token}", GetForm).WithName("GetSurveyForm")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        group.MapPost("/", Submit).WithName("SubmitResponse")
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapResponsePages();
        app.MapResponseStaffPages();
        return app;
    }

    /// <summary>The survey behind a QR token, for kiosks and apps</summary>
    /// <remarks>
    /// Anonymous (the token is the credential); limited per client address. Reads the questions and subject of the survey
    /// behind a QR token; mode `General` means an expired transaction link that may still rate the ward but not the official.
    /// Changes nothing. Refuses an unknown token (404), a link already used or not yet open (409) and a revoked or closed one
    /// (410); the problem's `state` names which.
    /// </remarks>
    public static async Task<Results<Ok<SurveyFormResponse>, ProblemHttpResult>> GetForm(string token, SurveyForms forms, CancellationToken ct)
    {
        var form = await forms.FindForViewAsync(token, ct);
        if (form is null) return LinkProblem(LinkState.Unknown);
        if (!LinkRules.IsAnswerable(form.State)) return LinkProblem(form.State);
        var s = form.Subject;
        var general = form.State == LinkState.GeneralFallback;
        return TypedResults.Ok(new SurveyFormResponse(form.Kind, general ? FormMode.General : FormMode.Full, form.SurveyVersionId,
            form.TemplateNameVi, form.TemplateNameEn,
            general ? new SurveyFormSubject(s.UnitName, null, null, null, null, null, null)
                : new SurveyFormSubject(s.UnitName, s.OfficialName, s.OfficialPosition, s.ProcedureName, s.ServicePointName, s.MeetingTitle, s.Year),
            form.AnswerableQuestions.Select(q => new SurveyFormQuestion(q.Id, q.Criterion, q.Kind, q.TextVi, q.TextEn, q.Required,
                q.AllowNotApplicable, [.. Surveys.SurveyChoices.Parse(q.Choices)])).ToArray()));
    }

    /// <summary>Submit a citizen's answers; send an Idempotency-Key so a retry gets the original result</summary>
    /// <remarks>
    /// Anonymous (the token is the credential); limited per client address. Stores the citizen's answers once and uses up a
    /// single-use link; a retry with the same Idempotency-Key and body gets the original result, the same key with another body
    /// is refused (422). Refuses answers that break the form's rules (400) or do not fit the survey (422), an unknown token
    /// (404), a used link or a phone that rated this counter recently (409), and a revoked, closed or expired link (410).
    /// </remarks>
    public static async Task<Results<Created<SubmittedResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitResponseRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, SurveyForms forms,
        SubmissionStore store, AbuseSignals signals, FollowUpLinks followUp, PublishedVersions versions, TimeProvider clock,
        Npgsql.NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (idempotencyKey is { Length: 0 or > 128 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["1 to 128 characters."] });
        }
        // The link is read and the answers stored on one pooled connection.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var requestHash = idempotencyKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
        var answers = new List<SubmittedAnswer>(request.Answers.Count);
        foreach (var a in request.Answers) answers.Add(new SubmittedAnswer(a.QuestionId, a.Criterion, a.Score, a.NotApplicable, a.Text));
        var comment = string.IsNullOrEmpty(request.Comment) ? null : request.Comment;
        var ipHash = signals.IpHash(http);

        if (!InvitationTokens.IsWellFormed(request.Token)) return LinkProblem(LinkState.Unknown);
        // The common case in one statement, before reading the link (docs/DEVELOPING.md, "Round trips of a submission"): a
        // single-use link of the likely version, with answers that fit that version, is stored at once. Otherwise the same
        // statement stored nothing and read the link, and what follows is what follows a lookup.
        var likely = versions.LikelySingleUse;
        var fits = likely is null ? null : AnswerRules.Check(likely.Content.Questions, likely.Content.Questions, answers, request.Comment);
        var fitting = fits is { IsValid: true } ? likely : null;
        var first = await store.TryStoreSingleUseAsync(connection, InvitationTokens.Hash(request.Token), fitting?.Id,
            new SubmittedAnswers(fitting is null ? [] : fits!.Answers, comment, request.Language ?? "vi", DeviceHash: null, ipHash, idempotencyKey,
                requestHash), ct);
        if (first.Stored is { } stored) return Answer(stored, followUp);
        if (first.Link is null) return LinkProblem(LinkState.Unknown);
        var form = await forms.FormAsync(first.Link, SurveySubject.NotRead, clock.GetUtcNow(), connection, ct);
        if (!LinkRules.IsAnswerable(form.State))
        {
            // A retry of a submission that used up the link still gets the original result.
            if (idempotencyKey is not null && await store.FindReplayAsync(connection, form.InvitationId, idempotencyKey, requestHash!, ct) is { } earlier)
            {
                return Answer(earlier, followUp);
            }
            return LinkProblem(form.State);
        }

        var check = AnswerRules.Check(form.Questions, form.AnswerableQuestions, answers, request.Comment);
        if (check.Unprocessable.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Câu trả lời không khớp phiếu / Answers do not fit this survey",
                detail: string.Join(" ", check.Unprocessable));
        }
        if (!check.IsValid) return TypedResults.ValidationProblem(check.Errors, title: "Câu trả lời không hợp lệ / Invalid answers");

        var outcome = await store.SubmitAsync(connection,
            new Submission(form, new SubmittedAnswers(check.Answers, comment, request.Language ?? "vi",
                form.IsStanding ? signals.DeviceHash(http) : null, ipHash, idempotencyKey, requestHash)), ct);
        return Answer(outcome, followUp);
    }

    /// <summary>The one writer of a submission's answer: a fresh one and its replay come out the same.</summary>
    private static Results<Created<SubmittedResponse>, ValidationProblem, ProblemHttpResult> Answer(SubmissionOutcome outcome, FollowUpLinks followUp) =>
        outcome.Status switch
        {
            SubmissionStatus.Stored or SubmissionStatus.Replayed => TypedResults.Created($"/api/responses/{outcome.ResponseId}",
                new SubmittedResponse(outcome.ResponseId, outcome.General, followUp.FilingUrl(outcome.ResponseId, outcome.UnitId))),
            SubmissionStatus.KeyReused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key đã dùng cho yêu cầu khác / Idempotency-Key reused",
                detail: "This Idempotency-Key was already used with a different request body; use a new key for a new submission."),
            SubmissionStatus.DeviceAlreadyRated => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Đã đánh giá gần đây / Already rated", detail: CitizenText.For("vi").DeviceAlreadyRated.Body),
            _ => LinkProblem(outcome.Refusal),
        };

    private static ProblemHttpResult LinkProblem(LinkState state)
    {
        var vi = CitizenText.For("vi").Problem(state);
        var en = CitizenText.For("en").Problem(state);
        return TypedResults.Problem(statusCode: LinkRules.RefusalStatus(state), title: $"{vi.Title} / {en.Title}", detail: $"{vi.Body} {en.Body}",
            extensions: new Dictionary<string, object?> { ["state"] = state.ToString() });
    }
}
