using Microsoft.AspNetCore.Identity;

namespace HaiLong.Api.Features.Cases;

public sealed record QueueFilter(CaseStatus? Status, CaseType? Type, bool? Overdue, int? UnitId, bool? Mine);

/// <summary>Reads for the API and the staff pages, always through the caller's jurisdiction; contact reads are audited.</summary>
public sealed class CaseQueries(HaiLongDbContext db, CaseAccess access, StaffContext staff, AuditLog audit, TimeProvider clock,
    CaseFiling filing, UserManager<StaffUser> users)
{
    internal static readonly CaseError NotHandler = CaseError.Forbidden(
        "Chỉ thành viên Ban Thanh tra nhân dân của đơn vị và người được phân công mới xem được thông tin này. " +
        "Only the unit's People's Inspection Board and the case's handler may see this.");

    private static readonly IReadOnlyList<CaseStatus> Open = [CaseStatus.Received, CaseStatus.Accepted, CaseStatus.Assigned, CaseStatus.InProgress];

    public async Task<CaseSummary[]> QueueAsync(QueueFilter f, CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        var q = (await access.CasesAsync(ct)).AsNoTracking();
        if (f.Status is { } status) q = q.Where(c => c.Status == status);
        if (f.Type is { } type) q = q.Where(c => c.Type == type);
        if (f.UnitId is { } unitId) q = q.Where(c => c.UnitId == unitId);
        if (f.Mine == true && access.UserId is { } me) q = q.Where(c => c.AssigneeId == me);
        var rows = await q.Select(c => new
        {
            c.Id, c.TrackingCode, c.Type, c.Status, c.UnitId, UnitName = c.Unit.Name, c.SubjectKind,
            SubjectName = c.SubjectOfficial != null ? c.SubjectOfficial.FullName : c.SubjectAgency != null ? c.SubjectAgency.Name : null,
            c.FiledAt, c.AcceptDueOn, c.AnswerDueOn, c.AssigneeId, AssigneeName = c.Assignee != null ? c.Assignee.FullName : null,
        }).ToListAsync(ct);
        var list = rows.Select(c =>
        {
            var due = c.Status == CaseStatus.Received && c.AcceptDueOn is not null ? c.AcceptDueOn : c.AnswerDueOn;
            var overdue = Open.Contains(c.Status) && due is { } d && today > d;
            return new CaseSummary(c.Id, c.TrackingCode, c.Type, c.Status, c.UnitId, c.UnitName, c.SubjectKind, c.SubjectName, c.FiledAt,
                Open.Contains(c.Status) ? due : null, overdue, c.AssigneeId, c.AssigneeName);
        });
        if (f.Overdue is { } wantOverdue) list = list.Where(c => c.Overdue == wantOverdue);
        return list.OrderByDescending(c => c.Overdue)
            .ThenBy(c => Open.Contains(c.Status) ? 0 : 1)
            .ThenBy(c => c.DueOn ?? DateOnly.MaxValue)
            .ThenBy(c => c.FiledAt)
            .ToArray();
    }

    public async Task<CaseDetail?> DetailAsync(long id, CancellationToken ct)
    {
        var c = await (await access.CasesAsync(ct)).AsNoTracking()
            .Include(x => x.Unit).Include(x => x.SubjectAgency).Include(x => x.SubjectOfficial).Include(x => x.Assignee)
            .Include(x => x.Events.OrderBy(e => e.At).ThenBy(e => e.Id))
            .SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var attachments = await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == id).OrderBy(a => a.Id)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.ContentType, a.Length)).ToArrayAsync(ct);
        var actorIds = c.Events.Where(e => e.ActorId != null).Select(e => e.ActorId!.Value).Distinct().ToList();
        var actors = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var today = VietnamTime.Today(clock);
        var due = c.Status == CaseStatus.Received && c.AcceptDueOn is not null ? c.AcceptDueOn : c.AnswerDueOn;
        return new CaseDetail(c.Id, c.TrackingCode, c.Type, c.Status, c.UnitId, c.Unit.Name, c.SubjectKind,
            c.SubjectOfficial?.FullName ?? c.SubjectAgency?.Name, c.Content, c.IsAnonymous, c.Channel, c.ResponseId, c.ReviewItemId, c.FiledAt,
            c.AcceptDueOn, c.AnswerDueOn, Open.Contains(c.Status) && due is { } d && today > d, c.IsComplex, c.AssigneeId, c.Assignee?.FullName,
            c.RejectionReason, c.Answer, c.AnswerPublished, c.CitizenSatisfied, c.ReopenCount, await access.IsHandlerAsync(c, ct), attachments,
            c.Events.Select(e => new CaseEventResponse(e.At, e.ActorId, e.ActorId is { } a ? actors.GetValueOrDefault(a) : null, e.Action,
                e.FromStatus, e.ToStatus, e.Note)).ToArray());
    }

    /// <summary>The filer's contact for the case's board and handler; every successful read is written to the audit log.</summary>
    public async Task<(ContactResponse? Contact, CaseError? Error)> ContactAsync(long id, CancellationToken ct)
    {
        var c = await (await access.CasesAsync(ct)).AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return (null, CaseError.NotFound(id));
        if (!await access.IsHandlerAsync(c, ct))
        {
            await audit.RecordAsync("case.contact-refused", "Case", id.ToString(), ct: ct);
            return (null, NotHandler);
        }
        var contact = await db.CaseContacts.AsNoTracking().SingleOrDefaultAsync(x => x.CaseId == id, ct);
        await audit.RecordAsync("case.contact-viewed", "Case", id.ToString(), new { trackingCode = c.TrackingCode }, ct: ct);
        return (new ContactResponse(id, contact?.Name, contact?.Phone, contact?.Email, contact?.Address, contact?.PurgedAt), null);
    }

    /// <summary>
    /// Marks an item reviewed; a burst of answers is decided instead (its verdict is what lets its held answers count), so a
    /// burst needs a verdict and no other item takes one.
    /// </summary>
    public async Task<(ReviewItemResponse? Item, CaseError? Error)> MarkReviewedAsync(long id, string? note, HeldResponsesVerdict? verdict,
        CancellationToken ct)
    {
        var item = await (await access.ReviewItemsAsync(ct)).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (item is null) return (null, ReviewNotFound(id));
        if (!await access.IsBoardMemberAsync(item.UnitId, ct)) return (null, NotBoardMember);
        var burst = item.Kind == ReviewItemKind.ResponseBurst;
        if (verdict is not null && !burst) return (null, VerdictOnlyForBursts);
        if (item.ReviewedAt is not null || item.Verdict is not null)
        {
            return (null, CaseError.Conflict("Mục này đã được xem xét. This review item was already reviewed."));
        }
        if (burst && verdict is null) return (null, BurstNeedsVerdict);
        // The decision and its audit entry commit together: a verdict nobody can trace back would decide evaluations.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        item.ReviewedAt = clock.GetUtcNow();
        item.ReviewedBy = access.UserId;
        item.ReviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        item.Verdict = verdict;
        await db.SaveChangesAsync(ct);
        var response = (await ToResponsesAsync([item], ct))[0];
        if (burst)
        {
            await audit.RecordAsync("review-item.burst-decided", nameof(ReviewItem), id.ToString(),
                new { verdict = verdict.ToString(), heldResponses = response.HeldResponses, note = item.ReviewNote }, ct: ct);
        }
        else
        {
            await audit.RecordAsync("review-item.reviewed", nameof(ReviewItem), id.ToString(), new { note = item.ReviewNote }, ct: ct);
        }
        await transaction.CommitAsync(ct);
        return (response, null);
    }

    /// <summary>Items as the API shows them, with how many answers each burst holds (one query for all of them).</summary>
    public async Task<ReviewItemResponse[]> ToResponsesAsync(IReadOnlyList<ReviewItem> items, CancellationToken ct)
    {
        var held = await HeldCountsAsync(items, ct);
        return [.. items.Select(r => new ReviewItemResponse(r.Id, r.Kind, r.UnitId, r.SubjectKind, r.SubjectId, r.Summary, r.CreatedAt,
            r.ReviewedAt, r.ReviewNote, r.CaseId, r.Verdict, r.Kind == ReviewItemKind.ResponseBurst ? held.GetValueOrDefault(r.Id) : null))];
    }

    /// <summary>How many answers each burst among <paramref name="items"/> holds out of evaluations.</summary>
    public async Task<Dictionary<long, int>> HeldCountsAsync(IEnumerable<ReviewItem> items, CancellationToken ct)
    {
        var ids = items.Where(r => r.Kind == ReviewItemKind.ResponseBurst).Select(r => r.Id).ToList();
        if (ids.Count == 0) return [];
        return await db.Responses.AsNoTracking().Where(r => r.HeldByReviewItemId != null && ids.Contains(r.HeldByReviewItemId.Value))
            .GroupBy(r => r.HeldByReviewItemId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    private static readonly CaseError VerdictOnlyForBursts = CaseError.Unprocessable(
        "Chỉ quyết định tính hay loại với phiếu dồn dập. A verdict (Counted, Excluded) is only for a burst of answers.");

    private static readonly CaseError BurstNeedsVerdict = CaseError.Unprocessable(
        "Với phiếu dồn dập, Ban cần quyết định tính hay loại các phiếu. A burst of answers needs a verdict: Counted or Excluded.");

    public async Task<(long? CaseId, CaseError? Error)> OpenFromReviewItemAsync(long id, string type, string? note, CancellationToken ct)
    {
        var item = await (await access.ReviewItemsAsync(ct)).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (item is null) return (null, ReviewNotFound(id));
        if (!await access.IsBoardMemberAsync(item.UnitId, ct)) return (null, NotBoardMember);
        if (item.Kind == ReviewItemKind.ResponseBurst) return (null, BurstNeedsVerdict);
        if (item.CaseId is not null)
        {
            return (null, CaseError.Conflict($"Đã mở hồ sơ từ mục này (hồ sơ số {item.CaseId}). A case was already opened from this item."));
        }
        if (!Enum.TryParse<CaseType>(type, true, out var caseType) || CaseLabels.RequiresIdentity(caseType))
        {
            return (null, CaseError.Unprocessable("Từ góp ý hoặc cảnh báo chỉ mở được kiến nghị hoặc phản ánh (khiếu nại, tố cáo cần người gửi xưng danh). " +
                "Only a petition or reflection can be opened from a review item."));
        }
        var subject = item.SubjectKind switch
        {
            SubjectKind.Official => $"official:{item.SubjectId}",
            SubjectKind.Agency => $"agency:{item.SubjectId}",
            _ => "unit",
        };
        var content = string.IsNullOrWhiteSpace(note) ? item.Summary : $"{item.Summary}\n\n{note.Trim()}";
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (c, error) = await filing.FileAsync(new FilingRequest(caseType.ToString(), item.UnitId, subject, content, null, null, null, null,
            CaseChannels.Review, item.ResponseId, item.Id, []), access.UserId, ct);
        if (error is not null) return (null, error.Problem);
        item.CaseId = c!.Id;
        item.ReviewedAt ??= clock.GetUtcNow();
        item.ReviewedBy ??= access.UserId;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("review-item.case-opened", nameof(ReviewItem), id.ToString(), new { caseId = c.Id }, ct: ct);
        await transaction.CommitAsync(ct);
        return (c.Id, null);
    }

    public async Task<NotificationResponse[]> NotificationsAsync(CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        var roles = Roles.All.Where(staff.IsInRole).ToArray();
        if (staff.IsInRole(Roles.Administrator)) roles = Roles.All;
        return await db.StaffNotifications.AsNoTracking()
            .Where(n => roles.Contains(n.Audience) && units.Any(u => u.Id == n.UnitId))
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(200)
            .Select(n => new NotificationResponse(n.Id, n.UnitId, n.Audience, n.Kind, n.CaseId, n.Title, n.Body, n.CreatedAt))
            .ToArrayAsync(ct);
    }

    public static Task<BoardResponse?> BoardAsync(HaiLongDbContext db, int unitId, CancellationToken ct) =>
        db.InspectionBoards.AsNoTracking().Where(b => b.UnitId == unitId)
            .Select(b => new BoardResponse(b.Id, b.UnitId, b.Name,
                b.Members.OrderBy(m => m.User.FullName).Select(m => new BoardMemberResponse(m.UserId, m.User.UserName!, m.User.FullName)).ToArray()))
            .SingleOrDefaultAsync(ct);

    public async Task<(BoardResponse? Board, CaseError? Error)> PutBoardAsync(int unitId, BoardRequest request, CancellationToken ct)
    {
        if (!await access.CanSeeUnitAsync(unitId, ct)) return (null,
            new CaseError(404, "Không tìm thấy / Not found", $"No unit with id {unitId} in your jurisdiction."));
        var unit = await db.Units.SingleAsync(u => u.Id == unitId, ct);
        var memberIds = request.MemberIds.Distinct().ToList();
        foreach (var memberId in memberIds)
        {
            var user = await db.Users.Include(u => u.JurisdictionUnit).SingleOrDefaultAsync(u => u.Id == memberId, ct);
            if (user is null || !await users.IsInRoleAsync(user, Roles.Inspector)
                || (user.JurisdictionUnit is { } j && !unit.Path.StartsWith(j.Path)))
            {
                return (null, CaseError.Unprocessable($"Người dùng {memberId} không phải thanh tra viên có thẩm quyền tại đơn vị này. " +
                    "Board members must be staff users with the Inspector role whose jurisdiction covers the unit."));
            }
        }
        var board = await db.InspectionBoards.Include(b => b.Members).SingleOrDefaultAsync(b => b.UnitId == unitId, ct);
        if (board is null)
        {
            board = new InspectionBoard { UnitId = unitId, Name = request.Name.Trim() };
            db.InspectionBoards.Add(board);
        }
        board.Name = request.Name.Trim();
        board.Members.RemoveAll(m => !memberIds.Contains(m.UserId));
        foreach (var memberId in memberIds.Where(m => board.Members.All(x => x.UserId != m)))
        {
            board.Members.Add(new InspectionBoardMember { UserId = memberId });
        }
        await db.SaveChangesAsync(ct);
        var attached = await db.Cases.Where(c => c.UnitId == unitId && c.BoardId == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.BoardId, board.Id), ct);
        if (attached > 0) await audit.RecordAsync("case.board-attached", nameof(InspectionBoard), board.Id.ToString(), new { cases = attached }, ct: ct);
        return (await BoardAsync(db, unitId, ct), null);
    }

    private static readonly CaseError NotBoardMember = CaseError.Forbidden(
        "Chỉ thành viên Ban Thanh tra nhân dân của đơn vị mới xử lý được mục này. Only members of the unit's board may do this.");

    private static CaseError ReviewNotFound(long id) =>
        new(StatusCodes.Status404NotFound, "Không tìm thấy / Not found", $"No review item {id} in your jurisdiction.");
}
