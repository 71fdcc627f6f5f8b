using HaiLong.Api.Features.Cases;

namespace HaiLong.Api.Features.Holidays;

/// <summary>The configured public holidays, read once per request (working-day deadlines skip them).</summary>
public sealed class HolidaySet(HaiLongDbContext db)
{
    private IReadOnlySet<DateOnly>? _set;

    public async Task<IReadOnlySet<DateOnly>> SetAsync(CancellationToken ct)
    {
        _set ??= (await db.PublicHolidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        return _set;
    }
}

/// <summary>A day of a year's calendar page: configured, proposed by the law's pattern, or both.</summary>
public sealed record HolidayDay(DateOnly Date, string Name, bool Configured, HolidayProposal? Proposal);

/// <summary>What a change to the calendar did: the days changed and how many running case deadlines moved.</summary>
public sealed record HolidayChange(int DaysChanged, int DeadlinesMoved);

/// <summary>
/// The one way the public holidays change (API and page alike): the holiday rows and the deadlines they move are saved in one
/// transaction, so no case is left counted against a calendar that no longer holds. Holiday rows are audited by the audit
/// interceptor (PublicHoliday is IAudited); the recount is recorded with how many deadlines moved.
/// </summary>
public sealed class HolidayCalendar(HaiLongDbContext db, CaseDeadlineRecalculation recalculation, AuditLog audit)
{
    public const int FirstYear = 1901;
    public const int LastYear = 2199;

    /// <summary>The year's configured holidays merged with the law's proposals for it, by date.</summary>
    public async Task<IReadOnlyList<HolidayDay>> YearAsync(int year, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var configured = await db.PublicHolidays.AsNoTracking().Where(h => h.Date >= from && h.Date <= to).ToDictionaryAsync(h => h.Date, ct);
        var proposals = StatutoryHolidays.Propose(year).ToDictionary(p => p.Date);
        return [.. configured.Keys.Union(proposals.Keys).Order().Select(d => new HolidayDay(
            d,
            configured.TryGetValue(d, out var h) ? h.Name : proposals[d].Name,
            configured.ContainsKey(d),
            proposals.GetValueOrDefault(d)))];
    }

    /// <summary>Adds the days (or renames those already there).</summary>
    public Task<HolidayChange> PutAsync(IReadOnlyList<(DateOnly Date, string Name)> days, CancellationToken ct) => ChangeAsync(async () =>
    {
        var changed = 0;
        foreach (var (date, name) in days)
        {
            var holiday = await db.PublicHolidays.FindAsync([date], ct);
            if (holiday is null)
            {
                db.PublicHolidays.Add(new PublicHoliday { Date = date, Name = name.Trim() });
                changed++;
            }
            else if (holiday.Name != name.Trim())
            {
                holiday.Name = name.Trim();
                changed++;
            }
        }
        return changed;
    }, ct);

    /// <summary>Removes a day; null when it is not a configured holiday.</summary>
    public async Task<HolidayChange?> RemoveAsync(DateOnly date, CancellationToken ct)
    {
        var holiday = await db.PublicHolidays.FindAsync([date], ct);
        if (holiday is null) return null;
        return await ChangeAsync(() =>
        {
            db.PublicHolidays.Remove(holiday);
            return Task.FromResult(1);
        }, ct);
    }

    private async Task<HolidayChange> ChangeAsync(Func<Task<int>> change, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var days = await change();
        if (days == 0) return new HolidayChange(0, 0);
        await db.SaveChangesAsync(ct);
        var holidays = (await db.PublicHolidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        var moved = await recalculation.RecountRunningAsync(holidays, ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("holidays.deadlines-recounted", details: new { days, moved }, ct: ct);
        await tx.CommitAsync(ct);
        return new HolidayChange(days, moved);
    }
}
