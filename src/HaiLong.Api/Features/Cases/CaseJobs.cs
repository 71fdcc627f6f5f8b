using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Cases;

/// <summary>
/// The daily deadline check, the weekly digest per board and the contact-data retention purge. Each is reentrant: what it
/// sends carries a unique dedup key and is inserted with ON CONFLICT DO NOTHING, so a second run (or a second server) does nothing.
/// </summary>
public sealed class CaseJobs(HaiLongDbContext db, TimeProvider clock, IOptions<CaseOptions> options, AuditLog audit, ILogger<CaseJobs> logger)
{
    private static readonly IReadOnlyList<CaseStatus> Open = [CaseStatus.Received, CaseStatus.Accepted, CaseStatus.Assigned, CaseStatus.InProgress];

    /// <summary>The roles these jobs write to (the board, the ward leader): the API document lists them as the notifications' audience.</summary>
    public static readonly IReadOnlyList<string> Audiences = [Roles.Inspector, Roles.WardLeader];

    /// <summary>Warns the board before a deadline; escalates an overdue case to the ward leader once per deadline. Returns escalations made.</summary>
    public async Task<int> CheckDeadlinesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        var warnBefore = options.Value.WarnDaysBefore;
        var cases = await db.Cases.AsNoTracking()
            .Where(c => Open.Contains(c.Status) && (c.AcceptDueOn != null || c.AnswerDueOn != null))
            .Select(c => new { c.Id, c.TrackingCode, c.Type, c.Status, c.UnitId, c.AcceptDueOn, c.AnswerDueOn })
            .ToListAsync(ct);
        var escalated = 0;
        foreach (var c in cases)
        {
            var deadlines = new List<(string Kind, DateOnly Due)>();
            if (c.Status == CaseStatus.Received && c.AcceptDueOn is { } accept) deadlines.Add(("accept", accept));
            if (c.AnswerDueOn is { } answer) deadlines.Add(("answer", answer));
            foreach (var (kind, due) in deadlines)
            {
                var what = kind == "accept" ? "thụ lý" : "trả lời";
                var label = $"{CaseLabels.Type(c.Type)} {c.TrackingCode}";
                if (today > due)
                {
                    var note = $"Quá hạn {what} ({CaseLabels.Date(due)}), đã báo lãnh đạo phường.";
                    escalated += await SendAsync(c.UnitId, Roles.WardLeader, NotificationKind.Escalation, c.Id,
                        $"Quá hạn {what}: {label}",
                        $"Hồ sơ {label} đã quá hạn {what} ngày {CaseLabels.Date(due)} và chưa được giải quyết. Đề nghị lãnh đạo phường chỉ đạo xử lý.",
                        $"case-escalation:{c.Id}:{kind}:{due:yyyy-MM-dd}", now, c.Status, note, ct);
                }
                else if (due.DayNumber - today.DayNumber <= warnBefore)
                {
                    await SendAsync(c.UnitId, Roles.Inspector, NotificationKind.DeadlineWarning, c.Id,
                        $"Sắp đến hạn {what}: {label}",
                        $"Hồ sơ {label} phải được {what} chậm nhất ngày {CaseLabels.Date(due)}.",
                        $"case-warning:{c.Id}:{kind}:{due:yyyy-MM-dd}", now, null, null, ct);
                }
            }
        }
        if (escalated > 0) logger.LogInformation("Escalated {Count} overdue case deadlines", escalated);
        return escalated;
    }

    /// <summary>One digest per board per ISO week, in the board's notifications. Returns digests written.</summary>
    public async Task<int> SendWeeklyDigestsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        var weekAgo = now.AddDays(-7);
        var week = $"{ISOWeek.GetYear(today.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(today.ToDateTime(TimeOnly.MinValue)):00}";
        var boards = await db.InspectionBoards.AsNoTracking().Select(b => new { b.Id, b.UnitId, b.Name }).ToListAsync(ct);
        var written = 0;
        foreach (var b in boards)
        {
            var cases = db.Cases.Where(c => c.UnitId == b.UnitId);
            var filed = await cases.CountAsync(c => c.FiledAt >= weekAgo, ct);
            var answered = await cases.CountAsync(c => c.AnsweredAt >= weekAgo, ct);
            var open = await cases.CountAsync(c => Open.Contains(c.Status), ct);
            var overdue = await cases.CountAsync(c => Open.Contains(c.Status) &&
                ((c.Status == CaseStatus.Received && c.AcceptDueOn < today) || c.AnswerDueOn < today), ct);
            var reviews = await db.ReviewItems.CountAsync(r => r.UnitId == b.UnitId && r.ReviewedAt == null, ct);
            var body = $"Tuần {week}: {filed} đơn mới, {answered} đơn đã trả lời; đang giải quyết {open} đơn, trong đó {overdue} đơn quá hạn; " +
                $"{reviews} góp ý, cảnh báo điểm thấp chờ xem xét.";
            written += await SendAsync(b.UnitId, Roles.Inspector, NotificationKind.WeeklyDigest, null, $"Tổng hợp tuần {week} — {b.Name}", body,
                $"board-digest:{b.Id}:{week}", now, null, null, ct, b.Id);
        }
        return written;
    }

    /// <summary>Erases the contact data of cases closed or rejected longer ago than the retention period. Returns cases purged.</summary>
    public async Task<int> PurgeExpiredContactsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.ContactRetentionDays);
        var ids = await db.Cases.AsNoTracking()
            .Where(c => (c.Status == CaseStatus.Closed || c.Status == CaseStatus.Rejected) && c.ClosedAt < cutoff
                && c.Contact != null && c.Contact.PurgedAt == null)
            .Select(c => c.Id).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.CaseContacts.Where(x => ids.Contains(x.CaseId)).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Name, (string?)null)
            .SetProperty(x => x.Phone, (string?)null)
            .SetProperty(x => x.Email, (string?)null)
            .SetProperty(x => x.Address, (string?)null)
            .SetProperty(x => x.PurgedAt, now), ct);
        await audit.RecordAsync("case.contacts-purged", "Case", null, new { caseIds = ids, retentionDays = options.Value.ContactRetentionDays }, ct: ct);
        await transaction.CommitAsync(ct);
        return ids.Count;
    }

    /// <summary>Inserts the notification unless its key exists; with a case event when it escalates. 1 when sent now, 0 when sent before.</summary>
    private Task<int> SendAsync(int unitId, string audience, NotificationKind kind, long? caseId, string title, string body, string key,
        DateTimeOffset now, CaseStatus? status, string? eventNote, CancellationToken ct, long? boardId = null)
    {
        var kindText = kind.ToString();
        if (status is { } s)
        {
            var statusText = s.ToString();
            const string escalated = CaseEventActions.Escalated;
            // One statement: the event is written exactly when the notification is, even with two job servers racing.
            return db.Database.ExecuteSqlInterpolatedAsync($"""
                WITH sent AS (
                    INSERT INTO staff_notifications (unit_id, audience, kind, case_id, board_id, title, body, dedup_key, created_at)
                    VALUES ({unitId}, {audience}, {kindText}, {caseId}, {boardId}, {title}, {body}, {key}, {now})
                    ON CONFLICT (dedup_key) DO NOTHING RETURNING case_id)
                INSERT INTO case_events (case_id, at, actor_id, action, from_status, to_status, note)
                SELECT case_id, {now}, NULL, {escalated}, {statusText}, {statusText}, {eventNote} FROM sent
                """, ct);
        }
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO staff_notifications (unit_id, audience, kind, case_id, board_id, title, body, dedup_key, created_at)
            VALUES ({unitId}, {audience}, {kindText}, {caseId}, {boardId}, {title}, {body}, {key}, {now})
            ON CONFLICT (dedup_key) DO NOTHING
            """, ct);
    }
}

internal sealed class CaseJobSource : IRecurringJobSource
{
    public const string DeadlineCheckId = "cases:deadline-check";
    public const string WeeklyDigestId = "cases:weekly-digest";
    public const string ContactRetentionId = "cases:contact-retention";

    // The ids these jobs had before job ids took one style ("capability:job-name"); a storage that still holds them would
    // run each job twice.
    internal static readonly IReadOnlyList<string> RetiredIds = ["cases.deadline-check", "cases.weekly-digest", "cases.contact-retention"];

    public void Register(IRecurringJobManager jobs)
    {
        foreach (var retired in RetiredIds) jobs.RemoveIfExists(retired);
        // 01:00 UTC is 08:00 in Vietnam: the day's warnings are there when the office opens.
        jobs.AddOrUpdate<CaseJobs>(DeadlineCheckId, j => j.CheckDeadlinesAsync(CancellationToken.None), "0 1 * * *");
        jobs.AddOrUpdate<CaseJobs>(WeeklyDigestId, j => j.SendWeeklyDigestsAsync(CancellationToken.None), "30 0 * * 1");
        jobs.AddOrUpdate<CaseJobs>(ContactRetentionId, j => j.PurgeExpiredContactsAsync(CancellationToken.None), "0 20 * * *");
    }
}
