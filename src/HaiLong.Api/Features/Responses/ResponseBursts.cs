using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Responses;

/// <summary>
/// When answers on an open yearly QR (<see cref="InvitationKind.Annual"/>) from one source are too many to be one person once.
/// A flag is not a verdict: a hamlet meeting on one wifi legitimately sends many answers from one network address, and a
/// household may share one phone, so a burst goes to the People's Inspection Board, which counts or excludes it.
/// </summary>
public sealed class BurstOptions
{
    public const string Section = "HaiLong:Surveys:Burst";

    /// <summary>
    /// One network address: 5 answers within 10 minutes. The form takes a person two to four minutes, so one person on one
    /// connection gives at most two or three in ten minutes; five is a room (a meeting's wifi, a café) or a script — either way
    /// worth a look, and rare enough that a ward's board is not flooded (a mobile carrier's shared address spreads its
    /// subscribers' answers over the whole survey period, not ten minutes).
    /// </summary>
    public int AddressMinimum { get; set; } = 5;
    public double AddressWindowMinutes { get; set; } = 10;

    /// <summary>
    /// One device: 3 answers within 72 hours. The submission already refuses a device twice within
    /// <c>HaiLong:Surveys:DeviceWindowHours</c> (12), so a device can only come back each time that window lapses; three
    /// answers in three days is that pattern, while a couple sharing a phone over the survey month stays below it.
    /// </summary>
    public int DeviceMinimum { get; set; } = 3;
    public double DeviceWindowHours { get; set; } = 72;

    /// <summary>How far back each run looks: answers older than this are never flagged (the job runs every 5 minutes).</summary>
    public double LookbackHours { get; set; } = 168;

    public TimeSpan AddressWindow => TimeSpan.FromMinutes(AddressWindowMinutes);
    public TimeSpan DeviceWindow => TimeSpan.FromHours(DeviceWindowHours);
}

/// <summary>Refuses at start-up thresholds that would flag every answer, or none ever.</summary>
internal sealed class BurstOptionsValidation(IConfiguration config) : IValidateOptions<BurstOptions>
{
    public ValidateOptionsResult Validate(string? name, BurstOptions o)
    {
        var failures = new List<string>();
        const string at = BurstOptions.Section;
        // One answer is never a burst; two from one address within minutes are a couple on the same wifi.
        if (o.AddressMinimum < 2) failures.Add($"{at}:AddressMinimum must be at least 2 (it is {o.AddressMinimum}).");
        if (o.DeviceMinimum < 2) failures.Add($"{at}:DeviceMinimum must be at least 2 (it is {o.DeviceMinimum}).");
        if (!(o.AddressWindowMinutes > 0)) failures.Add($"{at}:AddressWindowMinutes must be more than 0.");
        if (!(o.DeviceWindowHours > 0)) failures.Add($"{at}:DeviceWindowHours must be more than 0.");
        var deviceGap = config.GetValue("HaiLong:Surveys:DeviceWindowHours", 12.0);
        if (o.DeviceWindowHours <= (o.DeviceMinimum - 1) * deviceGap)
        {
            // The submission keeps a device's answers this far apart, so the window could never hold enough of them.
            failures.Add($"{at}:DeviceWindowHours must be more than (DeviceMinimum - 1) × HaiLong:Surveys:DeviceWindowHours " +
                $"= {(o.DeviceMinimum - 1) * deviceGap} hours, or no device burst could ever be seen.");
        }
        var longest = Math.Max(o.AddressWindowMinutes / 60, o.DeviceWindowHours);
        if (!(o.LookbackHours >= longest)) failures.Add($"{at}:LookbackHours must be at least the longest window ({longest} hours).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Which shared source a burst's answers came from; stored in the item's dedup key, never the hash itself.</summary>
public enum BurstSignal
{
    Address,
    Device,
}

/// <summary>One answer as the detector sees it.</summary>
public readonly record struct BurstAnswer(long Id, DateTimeOffset At);

public static class BurstRuns
{
    /// <summary>
    /// Runs of one source's answers (ordered by time): an answer belongs to a burst when some window of <paramref name="window"/>
    /// holding it holds at least <paramref name="minimum"/> answers, and overlapping windows are one run — so a burst that keeps
    /// going is one run, and two bursts with quiet between them are two.
    /// </summary>
    public static List<List<BurstAnswer>> Find(IReadOnlyList<BurstAnswer> answers, int minimum, TimeSpan window)
    {
        var runs = new List<List<BurstAnswer>>();
        int runStart = -1, runEnd = -1;
        for (int i = 0, j = 0; i < answers.Count; i++)
        {
            if (j < i) j = i;
            while (j + 1 < answers.Count && answers[j + 1].At - answers[i].At <= window) j++;
            if (j - i + 1 < minimum) continue;
            if (runStart >= 0 && i <= runEnd)
            {
                runEnd = Math.Max(runEnd, j);
                continue;
            }
            if (runStart >= 0) runs.Add([.. answers.Skip(runStart).Take(runEnd - runStart + 1)]);
            (runStart, runEnd) = (i, j);
        }
        if (runStart >= 0) runs.Add([.. answers.Skip(runStart).Take(runEnd - runStart + 1)]);
        return runs;
    }

    private const string KeyPrefix = "burst:";

    /// <summary>The review item's dedup key: the ward, the signal and the run's first answer not yet held (never the hash).</summary>
    public static string DedupKey(BurstSignal signal, int unitId, long firstResponseId) =>
        string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{signal}:{unitId}:{firstResponseId}");

    public static BurstSignal? SignalOf(string dedupKey) =>
        dedupKey.StartsWith(KeyPrefix, StringComparison.Ordinal)
        && Enum.TryParse<BurstSignal>(dedupKey.AsSpan(KeyPrefix.Length).ToString().Split(':')[0], out var s) ? s : null;

    /// <summary>What the board reads: how many answers, from which kind of source, over what span — never the hash.</summary>
    public static string Summary(BurstSignal signal, int count, DateTimeOffset first, DateTimeOffset last)
    {
        var source = signal == BurstSignal.Address
            ? "cùng một địa chỉ mạng (có thể là nhiều người dùng chung wifi, ví dụ tại một buổi họp)"
            : "cùng một thiết bị (có thể là một hộ dùng chung điện thoại)";
        var from = VietnamTime.Local(first);
        var to = VietnamTime.Local(last);
        var span = from.Date == to.Date
            ? string.Create(CultureInfo.InvariantCulture, $"{from:HH:mm}–{to:HH:mm} ngày {from:dd/MM/yyyy}")
            : string.Create(CultureInfo.InvariantCulture, $"{from:HH:mm dd/MM/yyyy} – {to:HH:mm dd/MM/yyyy}");
        return $"{count} phiếu khảo sát hằng năm qua mã QR công khai được gửi từ {source} trong {Duration(last - first)} ({span}). " +
            "Các phiếu này chưa được tính vào đánh giá, xếp loại cho đến khi Ban Thanh tra nhân dân quyết định tính hay loại.";
    }

    // Rounded to the unit shown: the board weighs "9 minutes" or "26 hours", not the seconds.
    private static string Duration(TimeSpan d) => d switch
    {
        { TotalMinutes: < 1 } => "chưa đầy 1 phút",
        { TotalMinutes: < 120 } => $"{Whole(d.TotalMinutes)} phút",
        { TotalHours: < 48 } => $"{Whole(d.TotalHours)} giờ",
        _ => $"{Whole(d.TotalDays)} ngày",
    };

    private static int Whole(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Flags bursts on open yearly QRs off the request path. Reentrant: one transaction under an advisory lock (two servers run one
/// after the other), a run's answers not yet held are held by one item whose dedup key is fixed by them, so a re-run finds
/// them held and does nothing. An answer stays held by its first item; a burst that grows extends its item while the board has
/// not decided, and once it has, the new answers get an item of their own.
/// </summary>
public sealed class ResponseBurstJob(HaiLongDbContext db, IOptions<BurstOptions> options, TimeProvider clock, ILogger<ResponseBurstJob> logger)
{
    public const string RecurringId = "responses:bursts";

    private sealed record Row(long Id, int UnitId, DateTimeOffset At, string? IpHash, string? DeviceHash, long? HeldBy);

    /// <summary>Scans the lookback; returns the review items created or extended.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var since = now - TimeSpan.FromHours(o.LookbackHours);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended('responses:bursts', 0))", ct);
        var rows = await db.Responses.AsNoTracking()
            .Where(r => r.Invitation!.Kind == InvitationKind.Annual && r.SubmittedAt >= since && r.SubmittedAt <= now)
            .Where(r => r.IpHash != null || r.DeviceHash != null)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new Row(r.Id, r.UnitId, r.SubmittedAt, r.IpHash, r.DeviceHash, r.HeldByReviewItemId))
            .ToListAsync(ct);
        var heldBy = rows.Where(r => r.HeldBy is not null).ToDictionary(r => r.Id, r => r.HeldBy!.Value);
        var changed = 0;
        foreach (var (signal, minimum, window, hashOf) in new (BurstSignal, int, TimeSpan, Func<Row, string?>)[]
        {
            (BurstSignal.Address, o.AddressMinimum, o.AddressWindow, r => r.IpHash),
            (BurstSignal.Device, o.DeviceMinimum, o.DeviceWindow, r => r.DeviceHash),
        })
        {
            foreach (var source in rows.Where(r => hashOf(r) is not null).GroupBy(r => (r.UnitId, Hash: hashOf(r)!)))
            {
                var answers = source.Select(r => new BurstAnswer(r.Id, r.At)).ToList();
                foreach (var run in BurstRuns.Find(answers, minimum, window))
                {
                    if (await HoldAsync(signal, source.Key.UnitId, run, heldBy, now, ct)) changed++;
                }
            }
        }
        await tx.CommitAsync(ct);
        if (changed > 0) logger.LogInformation("Flagged or extended {Count} answer bursts on open yearly QRs", changed);
        return changed;
    }

    /// <summary>Holds a run's free answers by the run's undecided item of the same signal, or by a new one.</summary>
    private async Task<bool> HoldAsync(BurstSignal signal, int unitId, List<BurstAnswer> run, Dictionary<long, long> heldBy,
        DateTimeOffset now, CancellationToken ct)
    {
        var free = run.Where(a => !heldBy.ContainsKey(a.Id)).Select(a => a.Id).ToList();
        if (free.Count == 0) return false;
        var itemIds = run.Where(a => heldBy.ContainsKey(a.Id)).Select(a => heldBy[a.Id]).Distinct().ToList();
        var items = await db.ReviewItems.Where(r => itemIds.Contains(r.Id) && r.Kind == ReviewItemKind.ResponseBurst).ToListAsync(ct);
        var item = items.Where(r => r.Verdict == null && r.ReviewedAt == null && BurstRuns.SignalOf(r.DedupKey) == signal)
            .OrderBy(r => r.Id).FirstOrDefault();
        if (item is null)
        {
            item = new ReviewItem
            {
                Kind = ReviewItemKind.ResponseBurst, UnitId = unitId, SubjectKind = SubjectKind.Unit, SubjectId = unitId,
                DedupKey = BurstRuns.DedupKey(signal, unitId, free.Min()), Summary = "", CreatedAt = now,
            };
            db.ReviewItems.Add(item);
            await db.SaveChangesAsync(ct);
        }
        var itemId = item.Id;
        await db.Responses.Where(r => free.Contains(r.Id) && r.HeldByReviewItemId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeldByReviewItemId, itemId), ct);
        foreach (var id in free) heldBy[id] = itemId;
        var held = await db.Responses.Where(r => r.HeldByReviewItemId == itemId)
            .GroupBy(r => 1).Select(g => new { Count = g.Count(), First = g.Min(r => r.SubmittedAt), Last = g.Max(r => r.SubmittedAt) })
            .SingleAsync(ct);
        item.Summary = BurstRuns.Summary(signal, held.Count, held.First, held.Last);
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>Registers the burst scan every 5 minutes: a burst is in the board's queue while the meeting is still on.</summary>
internal sealed class ResponseBurstJobSource : IRecurringJobSource
{
    public void Register(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<ResponseBurstJob>(ResponseBurstJob.RecurringId, j => j.RunAsync(CancellationToken.None), "*/5 * * * *");
}

public static class ResponseBurstRegistration
{
    /// <summary>The burst detector, its thresholds (checked at start-up) and its recurring job.</summary>
    public static IServiceCollection AddResponseBursts(this IServiceCollection services)
    {
        services.AddOptions<BurstOptions>().BindConfiguration(BurstOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BurstOptions>, BurstOptionsValidation>();
        services.AddScoped<ResponseBurstJob>();
        services.AddSingleton<IRecurringJobSource, ResponseBurstJobSource>();
        return services;
    }
}
