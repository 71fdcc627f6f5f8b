using System.Globalization;
using HaiLong.Api.Features.Registry;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Consultations;

/// <summary>Which rule refused a change of the register, so a page can word it for its reader and place it beside its field.</summary>
public enum ConventionRefusalReason
{
    NotFound,
    NotAHamlet,
    DecisionInFuture,
    EffectiveBeforeDecision,
    EffectiveBeforeCurrent,
    HasDecision,
    ReviewInFuture,
    ReviewSameDay,
    VersionTaken,
    YearOutOfRange,
}

/// <summary>A refusal: the rule and the API's problem (404, 409 or 422); nothing was stored.</summary>
public sealed record ConventionRefusal(ConventionRefusalReason Reason, ProblemDetails Problem)
{
    public int Status => Problem.Status ?? StatusCodes.Status422UnprocessableEntity;

    public static ConventionRefusal NotFound(string what, object id) => new(ConventionRefusalReason.NotFound, Problems.NotFound(what, id));

    public static ConventionRefusal Conflict(ConventionRefusalReason reason, string detail) => new(reason, Problems.Conflict(detail));

    public static ConventionRefusal Unprocessable(ConventionRefusalReason reason, string detail) => new(reason, Problems.Unprocessable(detail));
}

/// <summary>What a change gave: a value, or why it was refused.</summary>
public readonly record struct ConventionOutcome<T>(T? Value, ConventionRefusal? Refusal)
{
    public static implicit operator ConventionOutcome<T>(T value) => new(value, null);
    public static implicit operator ConventionOutcome<T>(ConventionRefusal refusal) => new(default, refusal);
}

/// <summary>
/// The community conventions register (issue 19, point 7) for the caller's jurisdiction, shared by the API and the pages: a
/// hamlet head reaches its hamlet's conventions, ward staff every hamlet of the ward; anything else is not found. Each change
/// answers a value or a refusal; the entities are audited by the interceptor.
/// </summary>
public sealed class ConventionRegister(StaffContext staff, HaiLongDbContext db, TimeProvider clock)
{
    public DateOnly Today => VietnamTime.Today(clock);

    /// <summary>The conventions of the caller's jurisdiction.</summary>
    public async Task<IQueryable<CommunityConvention>> VisibleAsync(CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct) ?? "\0";
        return db.CommunityConventions.Where(c => c.Unit.Path.StartsWith(path));
    }

    /// <summary>A unit of the caller's jurisdiction, or null (answered as not found).</summary>
    public async Task<AdministrativeUnit?> UnitAsync(int unitId, CancellationToken ct) =>
        await (await staff.UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);

    /// <summary>
    /// The unit the conventions page opens on: the caller's own jurisdiction root when it is a ward or a hamlet, else null
    /// (a province's staff choose a ward first).
    /// </summary>
    public async Task<AdministrativeUnit?> HomeUnitAsync(CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct);
        if (path is null or "/") return null;
        var root = await db.Units.AsNoTracking().SingleAsync(u => u.Path == path, ct);
        return UnitLevels.IsGrassroots(root.Level) || UnitLevels.IsHamlet(root.Level) ? root : null;
    }

    /// <summary>The wards of the caller's jurisdiction, for a province's staff to choose from.</summary>
    public async Task<List<AdministrativeUnit>> WardsAsync(CancellationToken ct) =>
        await (await staff.UnitsAsync(ct)).AsNoTracking().Where(UnitLevels.IsGrassrootsUnit).OrderBy(u => u.Name).ToListAsync(ct);

    /// <summary>The hamlets and residential groups under <paramref name="unit"/> (itself, for a hamlet) that a convention can belong to.</summary>
    public async Task<List<AdministrativeUnit>> HamletsAsync(AdministrativeUnit unit, CancellationToken ct) =>
        await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(unit.Path))
            .Where(UnitLevels.IsHamletUnit)
            .OrderBy(u => u.Name).ToListAsync(ct);


    /// <summary>The conventions of a unit's subtree (a ward: all its hamlets), or of the whole jurisdiction.</summary>
    public async Task<ConventionOutcome<ConventionSummary[]>> ListAsync(int? unitId, CancellationToken ct)
    {
        var conventions = await VisibleAsync(ct);
        if (unitId is { } id)
        {
            if (await UnitAsync(id, ct) is not { } unit) return ConventionRefusal.NotFound("unit", id);
            conventions = conventions.Where(c => c.Unit.Path.StartsWith(unit.Path));
        }
        var today = Today;
        var rows = await conventions.AsNoTracking().OrderBy(c => c.Unit.Name).ThenBy(c => c.Title)
            .Select(c => new
            {
                c.Id, c.UnitId, UnitName = c.Unit.Name, c.Kind, c.Title,
                Current = c.Versions.Where(v => v.EffectiveFrom <= today).OrderByDescending(v => v.Number)
                    .Select(v => new { v.Number, v.EffectiveFrom, v.ApprovalDecision }).FirstOrDefault(),
                LastReviewedOn = c.Reviews.Max(r => (DateOnly?)r.ReviewedOn),
            })
            .ToListAsync(ct);
        return rows.Select(r => new ConventionSummary(r.Id, r.UnitId, r.UnitName, r.Kind, r.Title, r.Current?.Number, r.Current?.EffectiveFrom,
            r.Current?.ApprovalDecision, r.LastReviewedOn, r.LastReviewedOn?.Year == today.Year)).ToArray();
    }

    /// <summary>A convention with its versions (oldest first) and reviews (newest first), or null when not in the jurisdiction.</summary>
    public async Task<ConventionDetail?> GetAsync(int id, CancellationToken ct)
    {
        var c = await (await VisibleAsync(ct)).AsNoTracking().Include(c => c.Unit).Include(c => c.Versions).Include(c => c.Reviews)
            .AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (c is null) return null;
        var today = Today;
        var versions = c.Versions.OrderBy(v => v.Number).Select(View).ToArray();
        var current = c.Versions.Where(v => v.EffectiveFrom <= today).OrderByDescending(v => v.Number).FirstOrDefault()?.Number;
        var reviews = c.Reviews.OrderByDescending(r => r.ReviewedOn).ThenByDescending(r => r.Id)
            .Select(r => new ConventionReviewView(r.Id, r.ReviewedOn, r.Note, r.CreatedAt)).ToArray();
        return new ConventionDetail(c.Id, c.UnitId, c.Unit.Name, c.Kind, c.Title, c.CreatedAt, current, versions, reviews);
    }

    public async Task<ConventionOutcome<ConventionDetail>> RegisterAsync(RegisterConventionRequest request, CancellationToken ct)
    {
        if (await UnitAsync(request.UnitId!.Value, ct) is not { } unit) return ConventionRefusal.NotFound("unit", request.UnitId.Value);
        if (!UnitLevels.IsHamlet(unit.Level))
        {
            return ConventionRefusal.Unprocessable(ConventionRefusalReason.NotAHamlet,
                $"{unit.Name} is not a hamlet or residential group: a community convention belongs to one (Decree 61/2023/NĐ-CP).");
        }
        if (DecisionRefusal(request.ApprovedOn!.Value, request.EffectiveFrom!.Value) is { } refused) return refused;
        var now = clock.GetUtcNow();
        var convention = new CommunityConvention
        {
            UnitId = unit.Id,
            Kind = request.Kind!.Value,
            Title = request.Title.Trim(),
            CreatedAt = now,
            Versions =
            [
                new ConventionVersion
                {
                    Number = 1,
                    Summary = Trimmed(request.Summary),
                    Text = Trimmed(request.Text),
                    ApprovalDecision = request.ApprovalDecision.Trim(),
                    ApprovedOn = request.ApprovedOn,
                    EffectiveFrom = request.EffectiveFrom,
                    CreatedAt = now,
                },
            ],
        };
        db.CommunityConventions.Add(convention);
        await db.SaveChangesAsync(ct);
        return (await GetAsync(convention.Id, ct))!;
    }

    /// <summary>A version approved by a decision of the ward (an amendment made outside a consultation of the households).</summary>
    public async Task<ConventionOutcome<ConventionVersionView>> AddVersionAsync(int id, AddConventionVersionRequest request, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } convention) return ConventionRefusal.NotFound("convention", id);
        if (DecisionRefusal(request.ApprovedOn!.Value, request.EffectiveFrom!.Value) is { } refused) return refused;
        var last = await db.ConventionVersions.AsNoTracking().Where(v => v.ConventionId == id).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (last?.EffectiveFrom is { } lastFrom && request.EffectiveFrom < lastFrom)
        {
            return ConventionRefusal.Unprocessable(ConventionRefusalReason.EffectiveBeforeCurrent,
                $"Version {last.Number} is in force from {Day(lastFrom)}; a new version cannot take effect before it.");
        }
        var version = new ConventionVersion
        {
            ConventionId = convention.Id,
            Number = (last?.Number ?? 0) + 1,
            Summary = Trimmed(request.Summary),
            Text = Trimmed(request.Text) ?? last?.Text,
            ApprovalDecision = request.ApprovalDecision.Trim(),
            ApprovedOn = request.ApprovedOn,
            EffectiveFrom = request.EffectiveFrom,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ConventionVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another version took the number meanwhile (a certification, a colleague): the unique (convention, number) index kept one.
            return ConventionRefusal.Conflict(ConventionRefusalReason.VersionTaken, "Another version was added meanwhile; read the convention again.");
        }
        return View(version);
    }

    /// <summary>The ward's approval decision on a version a consultation made without one (<see cref="ConventionAmendments"/>).</summary>
    public async Task<ConventionOutcome<ConventionVersionView>> RecordDecisionAsync(int id, int number, RecordConventionDecisionRequest request,
        CancellationToken ct)
    {
        if (await FindAsync(id, ct) is null) return ConventionRefusal.NotFound("convention", id);
        var version = await db.ConventionVersions.SingleOrDefaultAsync(v => v.ConventionId == id && v.Number == number, ct);
        if (version is null) return ConventionRefusal.NotFound($"version of convention {id} numbered", number);
        if (version.ApprovalDecision is not null)
        {
            return ConventionRefusal.Conflict(ConventionRefusalReason.HasDecision,
                $"Version {number} already carries decision {version.ApprovalDecision}; a new decision makes a new version.");
        }
        if (DecisionRefusal(request.ApprovedOn!.Value, request.EffectiveFrom) is { } refused) return refused;
        version.ApprovalDecision = request.ApprovalDecision.Trim();
        version.ApprovedOn = request.ApprovedOn;
        if (request.EffectiveFrom is { } from) version.EffectiveFrom = from;
        await db.SaveChangesAsync(ct);
        return View(version);
    }

    /// <summary>A yearly review (rà soát, đánh giá); one a day per convention.</summary>
    public async Task<ConventionOutcome<ConventionReviewView>> RecordReviewAsync(int id, RecordConventionReviewRequest request, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is null) return ConventionRefusal.NotFound("convention", id);
        var today = Today;
        var day = request.ReviewedOn ?? today;
        if (day > today)
        {
            return ConventionRefusal.Unprocessable(ConventionRefusalReason.ReviewInFuture,
                $"The review date {Day(day)} is after today ({Day(today)}, Vietnam time).");
        }
        if (await db.ConventionReviews.AnyAsync(r => r.ConventionId == id && r.ReviewedOn == day, ct))
        {
            return ConventionRefusal.Conflict(ConventionRefusalReason.ReviewSameDay, $"A review dated {Day(day)} is already recorded.");
        }
        var review = new ConventionReview
        {
            ConventionId = id, ReviewedOn = day, Note = Trimmed(request.Note), CreatedAt = clock.GetUtcNow(), CreatedBy = staff.UserId,
        };
        db.ConventionReviews.Add(review);
        await db.SaveChangesAsync(ct);
        return new ConventionReviewView(review.Id, review.ReviewedOn, review.Note, review.CreatedAt);
    }

    /// <summary>The share of the unit's conventions reviewed in <paramref name="year"/> (the current year when null).</summary>
    public async Task<ConventionOutcome<ConventionReviewShareView>> ShareAsync(int unitId, int? year, CancellationToken ct)
    {
        if (await UnitAsync(unitId, ct) is not { } unit) return ConventionRefusal.NotFound("unit", unitId);
        var today = Today;
        var y = year ?? today.Year;
        if (ConventionReviewShare.AsOf(y, today) is not { } asOf)
        {
            return ConventionRefusal.Unprocessable(ConventionRefusalReason.YearOutOfRange, $"The year {y} has not begun or is out of range.");
        }
        var share = await ConventionReviewShare.ForUnitAsync(db, unit.Path, y, asOf, ct);
        return new ConventionReviewShareView(unit.Id, unit.Name, y, asOf, share.InForce, share.Reviewed, share.Percent, 100);
    }

    private async Task<CommunityConvention?> FindAsync(int id, CancellationToken ct) =>
        await (await VisibleAsync(ct)).SingleOrDefaultAsync(c => c.Id == id, ct);

    private ConventionRefusal? DecisionRefusal(DateOnly approvedOn, DateOnly? effectiveFrom)
    {
        var today = Today;
        if (approvedOn > today)
        {
            return ConventionRefusal.Unprocessable(ConventionRefusalReason.DecisionInFuture,
                $"The decision's date {Day(approvedOn)} is after today ({Day(today)}, Vietnam time).");
        }
        if (effectiveFrom is { } from && from < approvedOn)
        {
            return ConventionRefusal.Unprocessable(ConventionRefusalReason.EffectiveBeforeDecision,
                $"A convention takes effect on or after the decision recognising it ({Day(approvedOn)}), not on {Day(from)}.");
        }
        return null;
    }

    private static ConventionVersionView View(ConventionVersion v) =>
        new(v.Id, v.Number, v.Summary, v.Text, v.ApprovalDecision, v.ApprovedOn, v.EffectiveFrom, v.ConsultationId, v.CreatedAt);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
