using HaiLong.Api.Features.Registry;
using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Cases;

/// <summary>The inspection board's pages: the queue with review items, a case with its actions and history, and notifications.</summary>
public static class StaffCasePages
{
    internal static IEndpointRouteBuilder MapStaffCasePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/cases").ExcludeFromDescription().RequireAuthorization(CasesApi.CaseReaders);
        pages.MapGet("/", Queue);
        pages.MapGet("/notifications", Notifications);
        pages.MapGet("/{id:long}", Detail);
        pages.MapPost("/{id:long}/transitions", Transition);
        pages.MapPost("/review-items/{id:long}/reviewed", Reviewed);
        pages.MapPost("/review-items/{id:long}/case", OpenCase);
        pages.MapGet("/boards", Boards).RequireAuthorization(CasesApi.BoardKeepers);
        pages.MapPost("/boards/{unitId:int}", SaveBoard).RequireAuthorization(CasesApi.BoardKeepers);
        return app;
    }

    // The filter form sends "" for all (no choice): parsed here, so an empty choice means no filter rather than a 400.
    private static Task<IResult> Queue(CaseQueries queries, CaseAccess access,
        [FromQuery(Name = "status")] string? statusText, [FromQuery(Name = "type")] string? typeText,
        [FromQuery(Name = "overdue")] string? overdueText, [FromQuery(Name = "mine")] string? mineText, CancellationToken ct)
    {
        CaseStatus? status = Enum.TryParse<CaseStatus>(statusText, out var s) ? s : null;
        CaseType? type = Enum.TryParse<CaseType>(typeText, out var t) ? t : null;
        bool? overdue = overdueText == "true" ? true : null;
        bool? mine = mineText == "true" ? true : null;
        return QueuePageAsync(queries, access, new QueueFilter(status, type, overdue, null, mine), null, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> QueuePageAsync(CaseQueries queries, CaseAccess access, QueueFilter filter,
        StaffCaseQueuePage.BurstRefusal? refused, int statusCode, CancellationToken ct)
    {
        var cases = await queries.QueueAsync(filter, ct);
        var open = await (await access.ReviewItemsAsync(ct)).AsNoTracking().Where(r => r.ReviewedAt == null)
            .OrderBy(r => r.CreatedAt).Take(100).ToListAsync(ct);
        var held = await queries.HeldCountsAsync(open, ct);
        return new RazorComponentResult<StaffCaseQueuePage>(new
        {
            Cases = (IReadOnlyList<CaseSummary>)cases,
            ReviewItems = (IReadOnlyList<ReviewItem>)[.. open.Where(r => r.Kind != ReviewItemKind.ResponseBurst)],
            Bursts = (IReadOnlyList<StaffCaseQueuePage.Burst>)[.. open.Where(r => r.Kind == ReviewItemKind.ResponseBurst)
                .Select(r => new StaffCaseQueuePage.Burst(r, held.GetValueOrDefault(r.Id)))],
            Refused = refused,
            Status = filter.Status, Type = filter.Type, Overdue = filter.Overdue == true, Mine = filter.Mine == true,
        }) { StatusCode = statusCode };
    }

    private static async Task<IResult> Detail(long id, CaseQueries queries, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct) =>
        await DetailPageAsync(id, queries, db, L, null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> DetailPageAsync(long id, CaseQueries queries, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        string? error, int status, CancellationToken ct)
    {
        var c = await queries.DetailAsync(id, ct);
        if (c is null)
        {
            var e = CaseError.NotFound(id);
            return new RazorComponentResult<StaffMessagePage>(new { Title = e.Title, Heading = L["CaseDetail_NotFound"].Value, Body = e.Detail })
            {
                StatusCode = StatusCodes.Status404NotFound,
            };
        }
        // Shown only to the handlers, and the view is audited like the API read.
        var contact = c.CallerIsHandler ? (await queries.ContactAsync(id, ct)).Contact : null;
        var members = await db.InspectionBoardMembers.AsNoTracking().Where(m => m.Board.UnitId == c.UnitId)
            .OrderBy(m => m.User.FullName).Select(m => new StaffCaseDetailPage.Member(m.UserId, m.User.FullName)).ToListAsync(ct);
        var actorIds = c.Events.Where(e => e.ActorId != null).Select(e => e.ActorId!.Value).Distinct().ToList();
        var actorUserNames = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id) && u.UserName != null)
            .ToDictionaryAsync(u => u.Id, u => u.UserName!, ct);
        return new RazorComponentResult<StaffCaseDetailPage>(new
        {
            Case = c, Contact = contact, Members = (IReadOnlyList<StaffCaseDetailPage.Member>)members,
            ActorUserNames = (IReadOnlyDictionary<Guid, string>)actorUserNames, Error = error,
        }) { StatusCode = status };
    }

    private static async Task<IResult> Transition(long id, [FromForm] string? action, [FromForm] string? note,
        [FromForm] Guid? assigneeId, [FromForm] bool? complex, [FromForm] string? answer, [FromForm] bool? publish,
        CaseWorkflow workflow, CaseQueries queries, HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (!Enum.TryParse<CaseAction>(action, true, out var caseAction) || !Enum.IsDefined(caseAction))
        {
            return await DetailPageAsync(id, queries, db, L, L["CaseDetail_BadAction"], StatusCodes.Status400BadRequest, ct);
        }
        var (_, error) = await workflow.ApplyAsync(id, new TransitionCommand(caseAction, note, assigneeId, complex ?? false, answer, publish ?? false), ct);
        if (error is not null) return await DetailPageAsync(id, queries, db, L, error.Detail, error.Status, ct);
        return Results.Redirect($"/staff/cases/{id}");
    }

    /// <summary>"Đã xem xét" on a comment or alert; "tính" or "loại" (the verdict button pressed) on a burst of answers.</summary>
    private static async Task<IResult> Reviewed(long id, [FromForm] string? verdict, [FromForm] string? note, CaseQueries queries,
        CaseAccess access, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        HeldResponsesVerdict? decided = Enum.TryParse<HeldResponsesVerdict>(verdict, true, out var v) && Enum.IsDefined(v) ? v : null;
        // The note is judged only on an open burst the caller may decide: anything else is refused by the rule below as the API
        // refuses it (404, 403, 409, 422), so a long note never tells whether an id exists.
        if (decided is not null && note?.Length > CaseLimits.Note
            && await (await access.ReviewItemsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is
                { Kind: ReviewItemKind.ResponseBurst, ReviewedAt: null } burst
            && await access.IsBoardMemberAsync(burst.UnitId, ct))
        {
            var message = L["CaseQueue_BurstNoteTooLong", CaseLimits.Note].Value;
            return await QueuePageAsync(queries, access, new QueueFilter(null, null, null, null, null),
                new StaffCaseQueuePage.BurstRefusal(id, note, message), StatusCodes.Status400BadRequest, ct);
        }
        var (_, error) = await queries.MarkReviewedAsync(id, decided is null ? null : note, decided, ct);
        return error is null ? Results.Redirect("/staff/cases") : ProblemOf(error);
    }

    private static IResult ProblemOf(CaseError error) => Results.Problem(statusCode: error.Status, title: error.Title, detail: error.Detail);

    private static async Task<IResult> OpenCase(long id, [FromForm] string? type, CaseQueries queries, CancellationToken ct)
    {
        var (caseId, error) = await queries.OpenFromReviewItemAsync(id, type ?? "", null, ct);
        return error is null ? Results.Redirect($"/staff/cases/{caseId}") : Results.Problem(statusCode: error.Status, title: error.Title, detail: error.Detail);
    }

    private static async Task<IResult> Notifications(CaseQueries queries, CancellationToken ct) =>
        new RazorComponentResult<StaffCaseNotificationsPage>(new { Notifications = (IReadOnlyList<NotificationResponse>)await queries.NotificationsAsync(ct) });


    /// <summary>Each ward's board in the caller's jurisdiction, with the inspectors who may sit on it.</summary>
    private static Task<IResult> Boards(StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        BoardsPageAsync(staff, db, L, null, ct);

    /// <summary>A refused board form: its unit, what was typed and why, shown in that board's card.</summary>
    private sealed record BoardRefusal(int UnitId, string? Name, IReadOnlyList<Guid> MemberIds, string Field, string Message, int Status);

    private static async Task<IResult> BoardsPageAsync(StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L, BoardRefusal? refused,
        CancellationToken ct)
    {
        var units = await (await staff.UnitsAsync(ct)).AsNoTracking().Where(UnitLevels.IsGrassrootsUnit).OrderBy(u => u.Name).ToListAsync(ct);
        var inspectorRole = await db.Roles.Where(r => r.Name == Roles.Inspector).Select(r => r.Id).SingleAsync(ct);
        var inspectors = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == inspectorRole))
            .Select(u => new { u.Id, u.FullName, u.UserName, Path = u.JurisdictionUnit == null ? "/" : u.JurisdictionUnit.Path })
            .OrderBy(u => u.FullName).ToListAsync(ct);
        var boards = new List<StaffBoardsPage.BoardForm>();
        foreach (var unit in units)
        {
            var board = await CaseQueries.BoardAsync(db, unit.Id, ct);
            var mine = refused?.UnitId == unit.Id ? refused : null;
            boards.Add(new StaffBoardsPage.BoardForm(unit.Id, unit.Name,
                mine is not null ? mine.Name ?? "" : board?.Name ?? L["Boards_DefaultName", unit.Name.ToLowerInvariant()],
                [.. inspectors.Where(i => unit.Path.StartsWith(i.Path))
                    .Select(i => new StaffBoardsPage.Candidate(i.Id, i.FullName, i.UserName,
                        mine is not null ? mine.MemberIds.Contains(i.Id) : board?.Members.Any(m => m.UserId == i.Id) == true))],
                mine?.Field, mine?.Message));
        }
        return new RazorComponentResult<StaffBoardsPage>(new { Boards = (IReadOnlyList<StaffBoardsPage.BoardForm>)boards })
        {
            StatusCode = refused?.Status ?? StatusCodes.Status200OK,
        };
    }

    private static async Task<IResult> SaveBoard(int unitId, [FromForm] string? name, [FromForm] Guid[]? memberIds,
        CaseQueries queries, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        // Outside the jurisdiction is 404 before anything about the form is said, as on every page.
        if (!await (await staff.UnitsAsync(ct)).AnyAsync(u => u.Id == unitId, ct))
        {
            var notFound = Problems.NotFound("unit", unitId);
            return Results.Problem(statusCode: notFound.Status, title: notFound.Title, detail: notFound.Detail);
        }
        var members = memberIds ?? [];
        if (string.IsNullOrWhiteSpace(name))
        {
            return await BoardsPageAsync(staff, db, L, new(unitId, name, members, "name", L["Boards_NameRequired"], StatusCodes.Status400BadRequest), ct);
        }
        var (_, error) = await queries.PutBoardAsync(unitId, new BoardRequest(name, members), ct);
        if (error is { Status: StatusCodes.Status404NotFound })
        {
            return Results.Problem(statusCode: error.Status, title: error.Title, detail: error.Detail);
        }
        if (error is not null) return await BoardsPageAsync(staff, db, L,
            new(unitId, name, members, "memberIds", error.Detail, StatusCodes.Status422UnprocessableEntity), ct);
        return Results.Redirect("/staff/cases/boards");
    }
}
