using System.Globalization;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Registry;

namespace HaiLong.Api.Features.Consultations;

/// <summary>What the share rests on for one convention: when it was registered, since when it is in force, its reviews.</summary>
public sealed record ConventionShareFacts(DateOnly RegisteredOn, DateOnly? InForceFrom, IReadOnlyCollection<DateOnly> Reviews);

/// <summary>
/// The share of a unit's conventions reviewed in a year: <paramref name="Reviewed"/> of <paramref name="InForce"/>, counted
/// as they stood on <paramref name="AsOf"/>; <paramref name="Percent"/> is null when no convention is in force.
/// </summary>
public sealed record ReviewShare(int Year, DateOnly AsOf, int InForce, int Reviewed, decimal? Percent);

/// <summary>
/// The one home of "the share of conventions reviewed this year" — the resolutions' target "hằng năm, 100% hương ước, quy ước
/// … được rà soát, đánh giá" (Cái Răng Đ2.1.d, Cần Thơ Điều 2.4, Sóc Trăng Đ2.2.c). A convention counts in the year when it is
/// registered and in force (a version effective) on the day the share is taken; it counts as reviewed when it has a review
/// dated in that calendar year — a date, written as Vietnam's calendar has it (a review recorded at 23:59 on 31 December,
/// Vietnam time, is dated that day). The ward's conventions page, the API read and the evaluation's unit target all read it here.
/// </summary>
public static class ConventionReviewShare
{
    /// <summary>The title of the evaluation's unit target this share proposes; the register recognises its own target by it.</summary>
    public const string TargetTitle = "Tỷ lệ hương ước, quy ước được rà soát, đánh giá trong năm (%)";

    /// <summary>
    /// The day the share of <paramref name="year"/> is taken: today (Vietnam time) in the year itself, the year's last day once
    /// it is over; null for a year not begun (or before the calendar's first).
    /// </summary>
    public static DateOnly? AsOf(int year, DateOnly today) =>
        today.Year == year ? today : today.Year > year && year >= 1 ? new DateOnly(year, 12, 31) : null;

    /// <summary>The count itself, pure so it can be checked by hand.</summary>
    public static ReviewShare Count(IEnumerable<ConventionShareFacts> conventions, int year, DateOnly asOf)
    {
        var inForce = conventions.Where(c => c.RegisteredOn <= asOf && c.InForceFrom is { } from && from <= asOf).ToList();
        var reviewed = inForce.Count(c => c.Reviews.Any(r => r.Year == year && r <= asOf));
        decimal? percent = inForce.Count == 0 ? null : Math.Round(100m * reviewed / inForce.Count, 2, MidpointRounding.AwayFromZero);
        return new ReviewShare(year, asOf, inForce.Count, reviewed, percent);
    }

    /// <summary>The share of the conventions of <paramref name="unitPath"/>'s subtree (a ward: all its hamlets).</summary>
    public static async Task<ReviewShare> ForUnitAsync(HaiLongDbContext db, string unitPath, int year, DateOnly asOf, CancellationToken ct)
    {
        var facts = await FactsAsync(db, db.CommunityConventions.Where(c => c.Unit.Path.StartsWith(unitPath)), ct);
        return Count(facts.Values, year, asOf);
    }

    /// <summary>The facts of each convention of <paramref name="conventions"/>, by id.</summary>
    public static async Task<Dictionary<int, ConventionShareFacts>> FactsAsync(HaiLongDbContext db, IQueryable<CommunityConvention> conventions,
        CancellationToken ct)
    {
        var rows = await conventions.AsNoTracking()
            .Select(c => new
            {
                c.Id,
                c.CreatedAt,
                InForceFrom = c.Versions.Min(v => v.EffectiveFrom),
                Reviews = c.Reviews.Select(r => r.ReviewedOn).ToList(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id,
            r => new ConventionShareFacts(VietnamTime.DateOf(r.CreatedAt), r.InForceFrom, r.Reviews));
    }

    /// <summary>
    /// Proposes the share as a unit target of an evaluation cycle: for each ward of the cycle that has a convention in force,
    /// a target of 100 % whose achieved value is the register's share of the cycle's year, with the count as its evidence. A
    /// ward that already has the target keeps it as the evaluator left it (they confirm or correct it like any other
    /// target). Nothing is saved here: the caller saves with its own change.
    /// </summary>
    public static async Task ProposeTargetsAsync(HaiLongDbContext db, EvaluationCycle cycle, DateOnly today, CancellationToken ct)
    {
        if (AsOf(cycle.Year, today) is not { } asOf) return;
        var cyclePath = await db.Units.Where(u => u.Id == cycle.UnitId).Select(u => u.Path).SingleAsync(ct);
        var wards = await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(cyclePath)).Where(UnitLevels.IsGrassrootsUnit)
            .Where(w => db.CommunityConventions.Any(c => c.Unit.Path.StartsWith(w.Path)))
            .Where(w => !db.EvaluationTargets.Any(t => t.CycleId == cycle.Id && t.UnitId == w.Id && t.Title == TargetTitle))
            .Select(w => new { w.Id, w.Path })
            .ToListAsync(ct);
        foreach (var ward in wards)
        {
            var share = await ForUnitAsync(db, ward.Path, cycle.Year, asOf, ct);
            if (share.Percent is not { } percent) continue;
            db.EvaluationTargets.Add(new EvaluationTarget
            {
                CycleId = cycle.Id,
                UnitId = ward.Id,
                Title = TargetTitle,
                TargetValue = 100,
                AchievedValue = percent,
                Evidence = Evidence(share),
            });
        }
    }

    /// <summary>The proposal's evidence, in the words of the evaluation sheet.</summary>
    public static string Evidence(ReviewShare share) => string.Create(CultureInfo.InvariantCulture,
        $"Sổ hương ước, quy ước: {share.Reviewed}/{share.InForce} đã được rà soát, đánh giá năm {share.Year} "
        + $"(số liệu ngày {share.AsOf:dd/MM/yyyy}, HaiLong đề xuất).");

    /// <summary>The percent as the pages write it: Vietnamese decimal comma, no trailing zeros.</summary>
    public static string PercentText(decimal? percent) => percent is { } p ? EvaluationMath.Vi(p, p == Math.Round(p) ? 0 : 2) : "—";
}
