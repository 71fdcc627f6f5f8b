using System.ComponentModel;
using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Cases;

public sealed record CaseSummary(long Id, string TrackingCode, CaseType Type, CaseStatus Status, int UnitId, string UnitName,
    SubjectKind SubjectKind, string? SubjectName, DateTimeOffset FiledAt, DateOnly? DueOn, bool Overdue, Guid? AssigneeId, string? AssigneeName);

public sealed record CaseEventResponse(DateTimeOffset At, Guid? ActorId, string? ActorName,
    [property: ClosedSet(typeof(CaseEventActions), nameof(CaseEventActions.All))] string Action, CaseStatus? FromStatus, CaseStatus ToStatus, string? Note);

public sealed record AttachmentInfo(long Id, string FileName,
    [property: ClosedSet(typeof(AttachmentTypes), nameof(AttachmentTypes.All))] string ContentType, int Length);

public sealed record CaseDetail(long Id, string TrackingCode, CaseType Type, CaseStatus Status, int UnitId, string UnitName,
    SubjectKind SubjectKind, string? SubjectName, string Content, bool IsAnonymous,
    [property: ClosedSet(typeof(CaseChannels), nameof(CaseChannels.All)),
        Description("survey (thank-you page), unit (the ward's page or QR code) or review (opened by the board)")]
    string Channel, long? ResponseId, long? ReviewItemId,
    DateTimeOffset FiledAt, DateOnly? AcceptDueOn, DateOnly? AnswerDueOn, bool Overdue, bool IsComplex, Guid? AssigneeId, string? AssigneeName,
    string? RejectionReason, string? Answer, bool AnswerPublished, bool? CitizenSatisfied, int ReopenCount,
    [property: Description("Whether the caller may see the contact (GET …/contact) and act on the case")] bool CallerIsHandler,
    AttachmentInfo[] Attachments, CaseEventResponse[] Events);

public sealed record ContactResponse(long CaseId, string? Name, string? Phone, string? Email, string? Address, DateTimeOffset? PurgedAt);

public sealed record TransitionRequest(
    [property: Required, Description("What to do; the case's status decides which actions are allowed")] CaseAction? Action,
    [property: MaxLength(CaseLimits.Note), Description("Reason (required to reject or reopen) or remark")] string? Note = null,
    [property: Description("Board member to assign (assign)")] Guid? AssigneeId = null,
    [property: Description("Complex case: the longer statutory period applies (accept)")] bool Complex = false,
    [property: MaxLength(CaseLimits.Answer), Description("The answer (answer)")] string? Answer = null,
    [property: Description("Publish the answer on the lookup page (answer)")] bool Publish = true);

public sealed record BoardRequest(
    [property: Required, MaxLength(Limits.Name)] string Name,
    [property: Required, MaxLength(100), Description("Staff users with the Inspector role (at most 100)")] Guid[] MemberIds);

public sealed record BoardMemberResponse(Guid UserId, string UserName, string FullName);

public sealed record BoardResponse(long Id, int UnitId, string Name, BoardMemberResponse[] Members);

public sealed record ReviewItemResponse(long Id, ReviewItemKind Kind, int UnitId, SubjectKind SubjectKind, int SubjectId, string Summary,
    DateTimeOffset CreatedAt, DateTimeOffset? ReviewedAt, string? ReviewNote, long? CaseId,
    [property: Description("A burst of answers (ResponseBurst): the board's decision, null until decided; null for other kinds")]
    HeldResponsesVerdict? Verdict,
    [property: Description("A burst of answers (ResponseBurst): how many answers it holds out of evaluations; null for other kinds")]
    int? HeldResponses);

public sealed record ReviewRequest(
    [property: MaxLength(CaseLimits.Note)] string? Note = null,
    [property: Description("Required for a burst of answers (ResponseBurst): Counted or Excluded; refused on other kinds")]
    HeldResponsesVerdict? Verdict = null);

public sealed record OpenCaseRequest(
    [property: Required, Description("Petition or Reflection (a complaint or denunciation needs a named sender)")] CaseType? Type,
    [property: MaxLength(CaseLimits.Note)] string? Note = null);

public sealed record NotificationResponse(long Id, int UnitId,
    [property: ClosedSet(typeof(CaseJobs), nameof(CaseJobs.Audiences)), Description("The role that reads it in that unit")] string Audience,
        NotificationKind Kind, long? CaseId, string Title, string Body, DateTimeOffset CreatedAt);

public static class CasesApi
{
    public const string CaseReaders = "CaseReaders";

    /// <summary>Who reads the cases of their jurisdiction (the API, the queue and its notifications): policy and links alike.</summary>
    public static readonly IReadOnlyList<string> ReaderRoles = [Roles.Inspector, Roles.WardLeader, Roles.Administrator];

    /// <summary>Who names a ward's inspection board (the API and the boards page): the ward leader and administrators.</summary>
    public const string BoardKeepers = "BoardKeepers";

    public static readonly IReadOnlyList<string> BoardKeeperRoles = [Roles.WardLeader, Roles.Administrator];

    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddOptions<CaseOptions>().BindConfiguration(CaseOptions.Section);
        services.AddScoped<CaseDeadlineRecalculation>();
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseWorkflow>();
        services.AddScoped<CaseFiling>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<CaseStatistics>();
        services.AddScoped<CaseJobs>();
        services.AddSingleton<IRecurringJobSource, CaseJobSource>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CaseReaders, p => p.RequireRole(ReaderRoles))
            .AddPolicy(BoardKeepers, p => p.RequireRole(BoardKeeperRoles));
        services.AddStaffLink("/staff/cases", "Link_Cases", ReaderRoles);
        services.AddStaffLink("/staff/cases/notifications", "Link_CaseNotifications", ReaderRoles);
        services.AddStaffLink("/staff/cases/boards", "Link_Boards", BoardKeeperRoles);
        CaseReceptionPages.AddReceptionLink(services);
        return services;
    }

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        // Every refusal is a ProblemHttpResult (application/problem+json); the statuses it may carry are listed here for OpenAPI.
        var api = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization(CaseReaders)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/", ListCases).WithName("ListCases");
        api.MapGet("/{id:long}", GetCase).WithName("GetCase");
        api.MapGet("/{id:long}/contact", GetContact).WithName("GetCaseContact");
        api.MapGet("/{id:long}/attachments/{attachmentId:long}", GetAttachment).WithName("GetCaseAttachment")
            .ProducesContent(StatusCodes.Status200OK, "The file, with the type recognised when it was filed", AttachmentTypes.All);
        api.MapPost("/{id:long}/transitions", Transition).WithName("TransitionCase");
        api.MapGet("/review-items", ListReviewItems).WithName("ListReviewItems");
        api.MapPost("/review-items/{id:long}/reviewed", MarkReviewed).WithName("MarkReviewItemReviewed");
        api.MapPost("/review-items/{id:long}/case", OpenCaseFromReviewItem).WithName("OpenCaseFromReviewItem");
        api.MapGet("/notifications", ListNotifications).WithName("ListCaseNotifications");
        api.MapGet("/boards/{unitId:int}", GetBoard).WithName("GetInspectionBoard");
        api.MapPut("/boards/{unitId:int}", PutBoard).WithName("PutInspectionBoard").RequireAuthorization(BoardKeepers);
        app.MapGet("/api/cases/statistics", GetStatistics).WithTags("Cases").WithName("GetCaseStatistics")
            .RequireAuthorization(p => p.RequireRole(Roles.Inspector, Roles.WardLeader, Roles.Administrator, Roles.Evaluator))
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapCitizenCasePages();
        app.MapStaffCasePages();
        app.MapCaseReceptionPages();
        return app;
    }

    /// <summary>The inspection board's queue: cases in the caller's jurisdiction, overdue first</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators; only cases of units in the caller's jurisdiction, overdue first. Filters by
    /// status, type, overdue, unit or `mine` (assigned to the caller); changes nothing.
    /// </remarks>
    public static async Task<Ok<CaseSummary[]>> ListCases(CaseQueries queries, CaseStatus? status, CaseType? type, bool? overdue, int? unitId,
        bool? mine, CancellationToken ct) =>
        TypedResults.Ok(await queries.QueueAsync(new QueueFilter(status, type, overdue, unitId, mine), ct));

    /// <summary>A case with its history (without the filer's contact)</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators. Reads a case with its history and deadlines, without the filer's contact; a
    /// case outside the caller's jurisdiction answers 404.
    /// </remarks>
    public static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> GetCase(long id, CaseQueries queries, CancellationToken ct) =>
        await queries.DetailAsync(id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.Problem(Problem(CaseError.NotFound(id)));

    /// <summary>The filer's contact; only for the case's board and handler; audited</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators, and then only members of the case's inspection board or its assignee (403
    /// otherwise, and the refusal is audited). Every read of the filer's contact is written to the audit log; a case outside
    /// the caller's jurisdiction answers 404.
    /// </remarks>
    public static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> GetContact(long id, CaseQueries queries, CancellationToken ct)
    {
        var (contact, error) = await queries.ContactAsync(id, ct);
        if (error is not null) return TypedResults.Problem(Problem(error));
        return TypedResults.Ok(contact!);
    }

    /// <summary>An attached file; only for the case's board and handler</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators, and then only members of the case's inspection board or its assignee (403
    /// otherwise). Returns the file with its stored content type and name; each read is audited. An unknown case or attachment,
    /// or one outside the caller's jurisdiction, answers 404.
    /// </remarks>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAttachment(long id, long attachmentId,
        CaseAccess access, HaiLongDbContext db, AuditLog audit, CancellationToken ct)
    {
        var c = await (await access.CasesAsync(ct)).AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return TypedResults.Problem(Problem(CaseError.NotFound(id)));
        if (!await access.IsHandlerAsync(c, ct)) return TypedResults.Problem(Problem(CaseQueries.NotHandler));
        var file = await db.CaseAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.CaseId == id, ct);
        if (file is null) return TypedResults.Problem(Problem(CaseError.NotFound(id)));
        await audit.RecordAsync("case.attachment-viewed", "Case", id.ToString(), new { attachmentId }, ct: ct);
        return TypedResults.File(file.Data, file.ContentType, file.FileName);
    }

    /// <summary>Accept, reject, assign, start, answer, close or reopen a case</summary>
    /// <remarks>
    /// Members of the case's inspection board or its assignee (403 otherwise). Applies one action (accept, reject, assign,
    /// start, answer, close, reopen), recomputes deadlines and records it in the history. Refuses an unknown action (400), a
    /// case outside the caller's jurisdiction (404), an action the case's status does not allow or a reopen after the window
    /// (409), and a missing reason, assignee or answer (422).
    /// </remarks>
    public static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> Transition(long id, TransitionRequest request,
        CaseWorkflow workflow, CaseQueries queries, CancellationToken ct)
    {
        var (_, error) =
            await workflow.ApplyAsync(id,
            new TransitionCommand(request.Action!.Value, request.Note, request.AssigneeId, request.Complex, request.Answer, request.Publish), ct);
        if (error is not null) return TypedResults.Problem(Problem(error));
        return TypedResults.Ok((await queries.DetailAsync(id, ct))!);
    }

    /// <summary>Low-score comments, alerts and bursts of answers waiting for the board</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators. Lists low-score comments, alerts and bursts of answers on an open yearly QR
    /// of units in the caller's jurisdiction, oldest first (open ones only unless `open=false`); changes nothing.
    /// </remarks>
    public static async Task<Ok<ReviewItemResponse[]>> ListReviewItems(CaseAccess access, CaseQueries queries, bool? open, CancellationToken ct)
    {
        var items = await access.ReviewItemsAsync(ct);
        if (open ?? true) items = items.Where(r => r.ReviewedAt == null);
        var rows = await items.AsNoTracking().OrderBy(r => r.CreatedAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(await queries.ToResponsesAsync(rows, ct));
    }

    /// <summary>Mark a review item as reviewed, or decide a burst of answers</summary>
    /// <remarks>
    /// Members of the unit's inspection board only (403 otherwise). Marks the item reviewed with an optional note, audited; a
    /// burst of answers (ResponseBurst) needs the board's verdict — Counted (tính) lets its held answers count in evaluations,
    /// Excluded (loại) keeps them out. Refuses an item outside the caller's jurisdiction (404), one already reviewed or decided
    /// (409), a burst without a verdict and a verdict on any other kind of item (422).
    /// </remarks>
    public static async Task<Results<Ok<ReviewItemResponse>, ProblemHttpResult>> MarkReviewed(long id, ReviewRequest request,
        CaseQueries queries, CancellationToken ct)
    {
        var (item, error) = await queries.MarkReviewedAsync(id, request.Note, request.Verdict, ct);
        if (error is not null) return TypedResults.Problem(Problem(error));
        return TypedResults.Ok(item!);
    }

    /// <summary>Open a case from a review item</summary>
    /// <remarks>
    /// Members of the unit's inspection board only (403 otherwise). Files a petition or reflection from the item's comment and
    /// marks the item reviewed. Refuses an item outside the caller's jurisdiction (404), one that already has a case (409), a
    /// type that needs a named filer (422: complaints and denunciations) and a burst of answers, which the board decides (422).
    /// </remarks>
    public static async Task<Results<Created<CaseDetail>, ProblemHttpResult>> OpenCaseFromReviewItem(long id,
        OpenCaseRequest request, CaseQueries queries, CancellationToken ct)
    {
        var (caseId, error) = await queries.OpenFromReviewItemAsync(id, request.Type!.Value.ToString(), request.Note, ct);
        if (error is not null) return TypedResults.Problem(Problem(error));
        return TypedResults.Created($"/api/cases/{caseId}", (await queries.DetailAsync(caseId!.Value, ct))!);
    }

    /// <summary>Deadline warnings, escalations and digests for the caller's roles and jurisdiction</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators. Lists the latest 200 deadline warnings, escalations and digests addressed
    /// to the caller's roles in units of their jurisdiction; changes nothing.
    /// </remarks>
    public static async Task<Ok<NotificationResponse[]>> ListNotifications(CaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.NotificationsAsync(ct));

    /// <summary>The People's Inspection Board of a unit</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators. Reads a unit's People's Inspection Board and its members; a unit outside
    /// the caller's jurisdiction, or one without a board, answers 404.
    /// </remarks>
    public static async Task<Results<Ok<BoardResponse>, ProblemHttpResult>> GetBoard(int unitId, CaseAccess access, HaiLongDbContext db, CancellationToken ct)
    {
        if (!await access.CanSeeUnitAsync(unitId, ct)) return TypedResults.Problem(Problems.NotFound("unit", unitId));
        var board = await CaseQueries.BoardAsync(db, unitId, ct);
        return board is null ? TypedResults.Problem(Problems.NotFound("inspection board of unit", unitId)) : TypedResults.Ok(board);
    }

    /// <summary>Create or replace a unit's board and its members</summary>
    /// <remarks>
    /// Ward leaders and administrators. Creates or replaces a unit's board and its member list, and attaches the unit's cases
    /// that had no board. Refuses a unit outside the caller's jurisdiction (404) and a member who is not an inspector whose
    /// jurisdiction covers the unit (422).
    /// </remarks>
    public static async Task<Results<Ok<BoardResponse>, ProblemHttpResult>> PutBoard(int unitId, BoardRequest request,
        CaseQueries queries, CancellationToken ct)
    {
        var (board, error) = await queries.PutBoardAsync(unitId, request, ct);
        if (error is not null) return TypedResults.Problem(Problem(error));
        return TypedResults.Ok(board!);
    }

    private static readonly DateOnly FirstStatisticsDay = new(1900, 1, 1);

    /// <summary>Share answered on time and median days to answer, per ward, agency and official</summary>
    /// <remarks>
    /// Inspectors, ward leaders, administrators and evaluators. For a unit in the caller's jurisdiction (404 otherwise), the
    /// share of cases answered on time and the median days to answer between `from` (default 1 January) and `to` (default
    /// today), per ward, agency and official. `from` after `to`, or before 1900, is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<CaseStatisticsResponse>, ProblemHttpResult, ValidationProblem>> GetStatistics(
        int unitId, DateOnly? from, DateOnly? to, CaseAccess access, CaseStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        var end = to ?? VietnamTime.Today(clock);
        var start = from ?? new DateOnly(end.Year, 1, 1);
        if (start > end)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' must not be after 'to'."] });
        }
        // The window starts at the local midnight of 'from', which the first representable day does not have in UTC (the
        // generated sweep's 0001-01-01 was a 500); no case is older than the 20th century.
        if (start < FirstStatisticsDay)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' must be 1900-01-01 or later."] });
        }
        // The window ends at the local midnight after 'to', which the last representable day does not have.
        if (end == DateOnly.MaxValue)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["'to' must be before 9999-12-31."] });
        }
        if (!await access.CanSeeUnitAsync(unitId, ct)) return TypedResults.Problem(Problems.NotFound("unit", unitId));
        var result = await statistics.ForUnitAsync(unitId, start, end, ct);
        return result is null ? TypedResults.Problem(Problems.NotFound("unit", unitId)) : TypedResults.Ok(result);
    }

    internal static ProblemDetails Problem(CaseError e) => new() { Status = e.Status, Title = e.Title, Detail = e.Detail };
}
