using HaiLong.Api.Features.Holidays;
using HaiLong.Data.Configurations;
using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Cases;

public enum CaseAction
{
    Accept,
    Reject,
    Assign,
    Start,
    Answer,
    Close,
    Reopen,
}

/// <summary>
/// What a case event records, stored as text in case_events.action and listed as an enum in the API document: every writer
/// names its action here, so the list cannot miss one.
/// </summary>
public static class CaseEventActions
{
    public const string Filed = "filed";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Assigned = "assigned";
    public const string Started = "started";
    public const string Answered = "answered";
    public const string Closed = "closed";
    public const string Reopened = "reopened";
    public const string Escalated = "escalated";
    public const string CitizenSatisfied = "citizen-satisfied";
    public const string ReopenedByCitizen = "reopened-by-citizen";

    public static readonly IReadOnlyList<string> All =
        [Filed, Accepted, Rejected, Assigned, Started, Answered, Closed, Reopened, Escalated, CitizenSatisfied, ReopenedByCitizen];
}

/// <summary>How a case arrived, stored as text in cases.channel.</summary>
public static class CaseChannels
{
    /// <summary>From the thank-you page after a survey response.</summary>
    public const string Survey = "survey";

    /// <summary>From the ward's page or its standing QR code.</summary>
    public const string Unit = "unit";

    /// <summary>Opened by the inspection board from a review item.</summary>
    public const string Review = "review";

    /// <summary>Handed in at the ward's reception (tiếp công dân) and recorded by staff.</summary>
    public const string InPerson = "in-person";

    /// <summary>Received by post (đơn thư) and recorded by staff.</summary>
    public const string Post = "post";

    public static readonly IReadOnlyList<string> All = [Survey, Unit, Review, InPerson, Post];
}

/// <summary>A refused request: the status code and the message the client sees; nothing was changed.</summary>
public sealed record CaseError(int Status, string Title, string Detail)
{
    public static CaseError NotFound(long id) => new(StatusCodes.Status404NotFound, "Không tìm thấy / Not found",
        $"Không có hồ sơ số {id} trong phạm vi quản lý của bạn. No case {id} in your jurisdiction.");

    public static CaseError Conflict(string detail) => new(StatusCodes.Status409Conflict, "Chuyển trạng thái không hợp lệ / Illegal transition", detail);

    public static CaseError Unprocessable(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "Yêu cầu không hợp lệ / Unprocessable request", detail);

    public static CaseError Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Không có quyền / Forbidden", detail);
}

/// <summary>What the signed-in staff member may see and do with cases: the jurisdiction decides what exists, the board what may be touched.</summary>
public sealed class CaseAccess(HaiLongDbContext db, StaffContext staff)
{
    public Guid? UserId => staff.UserId;

    public async Task<IQueryable<Case>> CasesAsync(CancellationToken ct = default)
    {
        var path = await staff.JurisdictionPathAsync(ct) ?? "\0";
        return db.Cases.Where(c => c.Unit.Path.StartsWith(path));
    }

    public async Task<IQueryable<ReviewItem>> ReviewItemsAsync(CancellationToken ct = default)
    {
        var units = await staff.UnitsAsync(ct);
        return db.ReviewItems.Where(r => units.Any(u => u.Id == r.UnitId));
    }

    /// <summary>A member of the board of the case's unit, or the case's assignee: the people who handle it and may see the contact.</summary>
    public async Task<bool> IsHandlerAsync(Case c, CancellationToken ct = default) =>
        staff.UserId is { } me && (c.AssigneeId == me || await IsBoardMemberAsync(c.UnitId, ct));

    public Task<bool> IsBoardMemberAsync(int unitId, CancellationToken ct = default) =>
        staff.UserId is { } me
            ? db.InspectionBoardMembers.AnyAsync(m => m.UserId == me && m.Board.UnitId == unitId, ct)
            : Task.FromResult(false);

    public Task<bool> CanSeeUnitAsync(int unitId, CancellationToken ct = default) => staff.CanSeeUnitAsync(unitId, ct);
}

/// <summary>The answers the filer may give now (<see cref="CaseWorkflow.FilerMay"/>).</summary>
public sealed record FilerVerdicts(bool Satisfied, bool Dissatisfied)
{
    public static readonly FilerVerdicts None = new(false, false);

    public bool Any => Satisfied || Dissatisfied;
}

public sealed record TransitionCommand(CaseAction Action, string? Note, Guid? AssigneeId, bool Complex, string? Answer, bool Publish);

/// <summary>
/// received → accepted | rejected → assigned → in progress → answered → closed, with reopening within a window. Every
/// transition writes a <see cref="CaseEvent"/>; the case itself is audited automatically.
/// </summary>
public sealed class CaseWorkflow(HaiLongDbContext db, CaseAccess access, TimeProvider clock, IOptions<CaseOptions> options, HolidaySet holidays)
{
    private static readonly FrozenDictionary<CaseAction, (IReadOnlyList<CaseStatus> From, string Verb)> Rules =
        new Dictionary<CaseAction, (IReadOnlyList<CaseStatus> From, string Verb)>
    {
        [CaseAction.Accept] = ([CaseStatus.Received], "thụ lý (accept)"),
        [CaseAction.Reject] = ([CaseStatus.Received], "từ chối thụ lý (reject)"),
        [CaseAction.Assign] = ([CaseStatus.Accepted, CaseStatus.Assigned, CaseStatus.InProgress], "phân công (assign)"),
        [CaseAction.Start] = ([CaseStatus.Assigned], "bắt đầu xử lý (start)"),
        [CaseAction.Answer] = ([CaseStatus.Assigned, CaseStatus.InProgress], "trả lời (answer)"),
        [CaseAction.Close] = ([CaseStatus.Answered], "kết thúc (close)"),
        [CaseAction.Reopen] = ([CaseStatus.Answered, CaseStatus.Closed], "mở lại (reopen)"),
    }.ToFrozenDictionary();

    public async Task<(Case? Case, CaseError? Error)> ApplyAsync(long caseId, TransitionCommand command, CancellationToken ct)
    {
        var cases = await access.CasesAsync(ct);
        var c = await cases.Include(x => x.Unit).SingleOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null) return (null, CaseError.NotFound(caseId));
        if (!await access.IsHandlerAsync(c, ct))
        {
            return (null, CaseError.Forbidden("Chỉ thành viên Ban Thanh tra nhân dân của đơn vị hoặc người được phân công mới xử lý được hồ sơ này. " +
                "Only members of the unit's People's Inspection Board or the assignee may handle this case."));
        }
        var (from, verb) = Rules[command.Action];
        if (!from.Contains(c.Status))
        {
            var allowed = string.Join(", ", from.Select(CaseLabels.Status));
            return (null, CaseError.Conflict(
                $"Không thể {verb} hồ sơ đang ở trạng thái «{CaseLabels.Status(c.Status)}»; chỉ được khi hồ sơ ở trạng thái: {allowed}. " +
                $"Cannot {command.Action.ToString().ToLowerInvariant()} a case that is {c.Status}."));
        }

        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        var o = options.Value;
        var previous = c.Status;
        var note = Trim(command.Note);
        string action;
        switch (command.Action)
        {
            case CaseAction.Accept:
                c.Status = CaseStatus.Accepted;
                c.AcceptedAt = now;
                c.IsComplex = command.Complex;
                if (!CaseDeadlines.AnswerRunsFromFiling(c.Type))
                {
                    c.AnswerDueOn = CaseDeadlines.AnswerDue(c.Type, today, c.IsComplex, c.Unit.IsRemoteArea, o, await holidays.SetAsync(ct));
                }
                action = CaseEventActions.Accepted;
                break;
            case CaseAction.Reject:
                if (note is null) return (null, CaseError.Unprocessable("Cần ghi rõ lý do không thụ lý. A reason is required to reject a case."));
                c.Status = CaseStatus.Rejected;
                c.RejectionReason = note;
                c.ClosedAt = now;
                action = CaseEventActions.Rejected;
                break;
            case CaseAction.Assign:
                if (command.AssigneeId is not { } assignee)
                {
                    return (null, CaseError.Unprocessable("Cần chọn người được phân công. An assignee is required."));
                }
                var isMember = await db.InspectionBoardMembers.AnyAsync(m => m.UserId == assignee && m.Board.UnitId == c.UnitId, ct);
                if (!isMember)
                {
                    return (null, CaseError.Unprocessable("Người được phân công phải là thành viên Ban Thanh tra nhân dân của đơn vị. " +
                        "The assignee must be a member of the unit's People's Inspection Board."));
                }
                c.Status = CaseStatus.Assigned;
                c.AssigneeId = assignee;
                action = CaseEventActions.Assigned;
                var name = await db.Users.Where(u => u.Id == assignee).Select(u => u.FullName).SingleAsync(ct);
                note = note is null ? $"Phân công: {name}" : $"Phân công: {name}. {note}";
                break;
            case CaseAction.Start:
                c.Status = CaseStatus.InProgress;
                action = CaseEventActions.Started;
                break;
            case CaseAction.Answer:
                var answer = Trim(command.Answer);
                if (answer is null) return (null, CaseError.Unprocessable("Cần nhập nội dung trả lời. The answer text is required."));
                c.Status = CaseStatus.Answered;
                c.Answer = answer;
                c.AnswerPublished = command.Publish;
                c.AnsweredAt = now;
                // A new answer asks the filer again; an earlier verdict stays in the history.
                c.CitizenSatisfied = null;
                c.CitizenFeedbackAt = null;
                action = CaseEventActions.Answered;
                note = answer;
                break;
            case CaseAction.Close:
                c.Status = CaseStatus.Closed;
                c.ClosedAt = now;
                action = CaseEventActions.Closed;
                break;
            case CaseAction.Reopen:
                if (note is null) return (null, CaseError.Unprocessable("Cần ghi rõ lý do mở lại hồ sơ. A reason is required to reopen a case."));
                if (ReopenWindowClosed(c, now, o))
                {
                    return (null, CaseError.Conflict($"Đã quá thời hạn {o.ReopenWindowDays} ngày kể từ khi trả lời, không thể mở lại hồ sơ. " +
                        $"The {o.ReopenWindowDays}-day reopening window has passed."));
                }
                await ReopenAsync(c, today, ct);
                action = CaseEventActions.Reopened;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command));
        }
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = c.Id, At = now, ActorId = access.UserId, Action = action, FromStatus = previous, ToStatus = c.Status, Note = note,
        });
        await db.SaveChangesAsync(ct);
        return (c, null);
    }

    public static bool ReopenWindowClosed(Case c, DateTimeOffset now, CaseOptions o) =>
        c.AnsweredAt is { } answered && now > ReopenWindowEnds(answered, o);

    /// <summary>The last moment a case answered at <paramref name="answeredAt"/> may be reopened.</summary>
    public static DateTimeOffset ReopenWindowEnds(DateTimeOffset answeredAt, CaseOptions o) => answeredAt.AddDays(o.ReopenWindowDays);

    /// <summary>
    /// What the filer may still say about the published answer: "hài lòng" while it awaits their word, and "không hài lòng" —
    /// which reopens it — until the reopening window ends, also once the board (or the filer's own "hài lòng") closed it: the
    /// loop closes only when the filer could see the result and did not object in time.
    /// </summary>
    public static FilerVerdicts FilerMay(Case c, DateTimeOffset now, CaseOptions o)
    {
        if (c is not { AnswerPublished: true, Answer: not null } || ReopenWindowClosed(c, now, o)) return FilerVerdicts.None;
        return c.Status switch
        {
            CaseStatus.Answered => new(c.CitizenSatisfied is null, c.CitizenSatisfied is null),
            CaseStatus.Closed => new(c.CitizenSatisfied is null, true),
            _ => FilerVerdicts.None,
        };
    }

    /// <summary>
    /// Records the filer's verdict (the caller checked <see cref="FilerMay"/>): satisfied closes the case (a closed one stays
    /// closed as it was); dissatisfied reopens it as the board's reopening does, with the filer's comment in its event.
    /// </summary>
    public async Task RecordFilerVerdictAsync(Case c, bool satisfied, string? comment, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var previous = c.Status;
        string action;
        if (satisfied)
        {
            c.Status = CaseStatus.Closed;
            c.ClosedAt ??= now;
            action = CaseEventActions.CitizenSatisfied;
        }
        else
        {
            await ReopenAsync(c, VietnamTime.DateOf(now), ct);
            action = CaseEventActions.ReopenedByCitizen;
        }
        c.CitizenSatisfied = satisfied;
        c.CitizenFeedbackAt = now;
        var note = Trim(comment) is { } t ? t[..Math.Min(t.Length, CaseLimits.Note)] : null;
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, Action = action, FromStatus = previous, ToStatus = c.Status, Note = note });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Back to the assignee (or the board when there is none) with a fresh answer period.</summary>
    public async Task ReopenAsync(Case c, DateOnly today, CancellationToken ct)
    {
        var o = options.Value;
        var remote = c.Unit?.IsRemoteArea ?? await db.Units.Where(u => u.Id == c.UnitId).Select(u => u.IsRemoteArea).SingleAsync(ct);
        c.Status = c.AssigneeId is null ? CaseStatus.Accepted : CaseStatus.Assigned;
        c.ReopenCount++;
        c.Answer = null;
        c.AnswerPublished = false;
        c.AnsweredAt = null;
        c.ClosedAt = null;
        c.CitizenSatisfied = null;
        c.CitizenFeedbackAt = null;
        c.AnswerDueOn = CaseDeadlines.AnswerDue(c.Type, today, c.IsComplex, remote, o, await holidays.SetAsync(ct));
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
