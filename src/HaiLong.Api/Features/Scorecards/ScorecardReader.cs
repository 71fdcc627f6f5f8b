using HaiLong.Api.Features.Registry;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>
/// Scorecard reads. Every score comes from the rollups (a handful of rows per subject and period), never from the raw
/// responses, so a read costs the same at 10k or 1M responses; only the latest comments read responses, through the
/// (unit_id, submitted_at) index with a small LIMIT, and the ward's yearly-survey answers by source (sampled slips, open QR)
/// are one grouped count of the period's yearly answers, which rollups do not keep apart. Every read is scoped by
/// <see cref="StaffContext"/>: null means "not found in your jurisdiction". Scores may be a little stale, so everything here
/// reads through <see cref="ReplicaReads"/> (a standby when one is configured); <see cref="AsOfAsync"/> says how fresh.
/// </summary>
public sealed class ScorecardReader(ReplicaReads replica, StaffContext staff, IOptions<ScorePolicy> options, TimeProvider clock)
{
    private readonly ScorePolicy _policy = options.Value;
    private readonly HaiLongDbContext _db = replica.Db;

    public int MinimumToShow => _policy.MinimumToShow;

    /// <summary>When the data came from a standby, the Vietnam time of its last replayed transaction; null on the primary.</summary>
    public Task<DateTimeOffset?> AsOfAsync(CancellationToken ct) => replica.AsOfAsync(ct);

    // Every public read starts from the jurisdiction's units or officials: the freshness is measured there, before any data.
    private async Task<IQueryable<AdministrativeUnit>> UnitsAsync(CancellationToken ct)
    {
        await replica.AsOfAsync(ct);
        return await staff.UnitsAsync(_db, ct);
    }

    public async Task<AdministrativeUnit?> VisibleUnitAsync(int unitId, CancellationToken ct) =>
        await (await UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);

    /// <summary>The units whose scorecard the user may open: the wards and communes in their jurisdiction.</summary>
    public async Task<List<AdministrativeUnit>> VisibleWardsAsync(CancellationToken ct) =>
        await (await UnitsAsync(ct)).AsNoTracking()
            .Where(UnitLevels.IsGrassrootsUnit)
            .OrderBy(u => u.Name).ToListAsync(ct);

    public async Task<WardOverview?> OverviewAsync(int unitId, Period period, CancellationToken ct) =>
        await VisibleUnitAsync(unitId, ct) is { } unit ? await OverviewOfAsync(unit, period, ct) : null;

    /// <summary>
    /// Everything the ward's scorecard page shows, for one load of the unit: the overview, the twelve-month trend and the latest
    /// comments (each public read above loads the unit again, because each is an API call of its own).
    /// </summary>
    public async Task<WardPage?> WardPageAsync(int unitId, Period period, int comments, CancellationToken ct)
    {
        if (await VisibleUnitAsync(unitId, ct) is not { } unit) return null;
        var overview = await OverviewOfAsync(unit, period, ct);
        var trend = await TrendPointsAsync(SubjectKind.Unit, unit.Id, period, ct);
        return new WardPage(overview, trend, await CommentsOfAsync(unit, comments, ct));
    }

    private async Task<WardOverview> OverviewOfAsync(AdministrativeUnit unit, Period period, CancellationToken ct)
    {
        // The officials and the peer wards first, then every rollup the page needs (the ward's criteria, each official's and
        // each peer's overall) in one query.
        var officials = await OfficialsOf(unit).ToListAsync(ct);
        var visible = await UnitsAsync(ct);
        var peers = unit.ParentId is null ? [] : await _db.Units.AsNoTracking()
            .Where(u => u.ParentId == unit.ParentId && u.Level == unit.Level)
            .Select(u => new { u.Id, u.Name, Visible = visible.Any(v => v.Id == u.Id) }).ToListAsync(ct);
        var officialIds = officials.Select(o => o.Id).ToList();
        var peerIds = peers.Select(p => p.Id).ToList();
        var rollups = await _db.Rollups.AsNoTracking()
            .Where(r => r.PeriodKind == period.Kind && r.PeriodStart == period.Start
                        && ((r.SubjectKind == SubjectKind.Unit && r.SubjectId == unit.Id)
                            || (r.Criterion == Criteria.Overall
                                && ((r.SubjectKind == SubjectKind.Official && officialIds.Contains(r.SubjectId))
                                    || (r.SubjectKind == SubjectKind.Unit && peerIds.Contains(r.SubjectId))))))
            .ToListAsync(ct);
        Tally OverallOf(SubjectKind kind, int id) =>
            rollups.Where(r => r.SubjectKind == kind && r.SubjectId == id && r.Criterion == Criteria.Overall)
                .Select(r => Tally.From(r.Stats)).FirstOrDefault();

        var criteria = CriterionScores(rollups.Where(r => r.SubjectKind == SubjectKind.Unit && r.SubjectId == unit.Id));
        var overall = criteria.FirstOrDefault(c => c.Criterion == Criteria.Overall) ?? ScoreOf(Criteria.Overall, default);
        var others = criteria.Where(c => c.Criterion != Criteria.Overall).ToArray();
        var weakest = others.Where(c => c.Enough).OrderBy(c => c.Rate).ThenBy(c => c.Mean).FirstOrDefault();

        var officialScores = RankedOfficials(officials, id => OverallOf(SubjectKind.Official, id));
        var lowest = officialScores.Where(o => o.Rank is not null).MaxBy(o => o.Rank);

        var rank = new PeerRank(null, 0, 1, null, []);
        if (unit.ParentId is not null)
        {
            // Peers' numbers are shown only as a rank: the names and scores of wards outside the jurisdiction are not disclosed.
            var ranked = RankedSubjects(peers.Select(p => (Subject: (p.Id, p.Name, (string?)null), Tally: OverallOf(SubjectKind.Unit, p.Id))));
            var own = ranked.Single(s => s.Id == unit.Id);
            var visibleIds = peers.Where(p => p.Visible).Select(p => p.Id).ToHashSet();
            rank = new PeerRank(own.Rank, ranked.Count(s => s.Rank is not null), peers.Count, own.Shrunk,
                ranked.Where(s => visibleIds.Contains(s.Id)).OrderBy(s => s.Rank ?? int.MaxValue).ToArray());
        }

        var alerts = await _db.ReviewItems.AsNoTracking()
            .Where(r => r.Kind == ReviewItemKind.LowScoreAlert && r.UnitId == unit.Id)
            .OrderByDescending(r => r.CreatedAt).Take(20)
            .Select(r => new AlertItem(r.Id, r.Summary, r.PeriodStart, r.CreatedAt, r.ReviewedAt != null))
            .ToArrayAsync(ct);

        return new WardOverview(unit.Id, unit.Code, unit.Name, period.Reported, period.Start, period.LabelVi, _policy.MinimumToShow,
            overall, others, weakest, lowest, officialScores, rank, alerts, await YearlySurveySourcesAsync(unit.Id, period, ct));
    }

    /// <summary>
    /// How many of the period's yearly-survey answers came from single-use slips and how many from the open QR (issue 18), in
    /// one round trip that starts from the ward's yearly invitations, never from all of its responses: a used slip is one
    /// answer (counted by its used_at), and the open QR's answers are read through the responses' invitation index. A ward's
    /// year of service answers is not touched, so the page costs the same at 10k or 1M responses.
    /// </summary>
    private async Task<YearlySurveySources> YearlySurveySourcesAsync(int unitId, Period period, CancellationToken ct)
    {
        var from = VietnamTime.StartOf(period.Start).ToUniversalTime();
        var until = VietnamTime.StartOf(period.Next().Start).ToUniversalTime();
        var yearly = _db.Invitations.Where(i => i.UnitId == unitId);
        var counts = await _db.Units.AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new
            {
                Sampled = yearly.LongCount(i => i.Kind == InvitationKind.AnnualSample && i.UsedAt >= from && i.UsedAt < until),
                Open = yearly.Where(i => i.Kind == InvitationKind.Annual)
                    .SelectMany(i => _db.Responses.Where(r => r.InvitationId == i.Id && r.SubmittedAt >= from && r.SubmittedAt < until))
                    .LongCount(),
            })
            .SingleAsync(ct);
        return new YearlySurveySources(counts.Sampled, counts.Open);
    }

    public async Task<SubjectScore[]?> OfficialsAsync(int unitId, Period period, CancellationToken ct)
    {
        var unit = await VisibleUnitAsync(unitId, ct);
        return unit is null ? null : await OfficialScoresAsync(unit, period, ct);
    }

    public async Task<OfficialScorecard?> OfficialAsync(int officialId, Period period, CancellationToken ct)
    {
        await replica.AsOfAsync(ct);
        var official = await (await staff.OfficialsAsync(_db, ct)).AsNoTracking()
            .Where(o => o.Id == officialId)
            .Select(o => new { o.Id, o.FullName, o.StaffCode, o.Position, Agency = o.Agency.Name, o.Agency.UnitId })
            .SingleOrDefaultAsync(ct);
        if (official is null) return null;
        var criteria = CriterionScores(await RollupsAsync(SubjectKind.Official, [official.Id], period, null, ct));
        var overall = criteria.FirstOrDefault(c => c.Criterion == Criteria.Overall) ?? ScoreOf(Criteria.Overall, default);
        var trend = await TrendPointsAsync(SubjectKind.Official, official.Id, period, ct);
        return new OfficialScorecard(official.Id, official.FullName, official.StaffCode, official.Position, official.Agency, official.UnitId,
            period.Reported, period.Start, period.LabelVi, _policy.MinimumToShow, overall,
            criteria.Where(c => c.Criterion != Criteria.Overall).ToArray(), trend);
    }

    public async Task<ProcedureScorecard?> ProceduresAsync(int unitId, Period period, CancellationToken ct)
    {
        var unit = await VisibleUnitAsync(unitId, ct);
        if (unit is null) return null;
        var rollups = await _db.ProcedureRollups.AsNoTracking()
            .Where(r => r.UnitId == unit.Id && r.PeriodKind == period.Kind && r.PeriodStart == period.Start && r.Criterion == Criteria.Overall)
            .ToListAsync(ct);
        var ids = rollups.Select(r => r.ProcedureId).ToList();
        var names = await _db.Procedures.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => (p.Name, p.Field), ct);
        var subjects = rollups.Where(r => names.ContainsKey(r.ProcedureId))
            .Select(r => (Subject: (r.ProcedureId, names[r.ProcedureId].Name, (string?)names[r.ProcedureId].Field),
                Tally: Tally.From(r.Stats)));
        return new ProcedureScorecard(unit.Id, period.Reported, period.Start, period.LabelVi, _policy.MinimumToShow,
            unit.Name, RankedSubjects(subjects).OrderBy(s => s.Rank ?? int.MaxValue).ThenBy(s => s.Name).ToArray());
    }

    public async Task<WardTrend?> TrendAsync(int unitId, Period period, CancellationToken ct)
    {
        var unit = await VisibleUnitAsync(unitId, ct);
        if (unit is null) return null;
        return new WardTrend(unit.Id, unit.Name, _policy.MinimumToShow, await TrendPointsAsync(SubjectKind.Unit, unit.Id, period, ct));
    }

    public async Task<CommentItem[]?> CommentsAsync(int unitId, int take, CancellationToken ct) =>
        await VisibleUnitAsync(unitId, ct) is { } unit ? await CommentsOfAsync(unit, take, ct) : null;

    private async Task<CommentItem[]> CommentsOfAsync(AdministrativeUnit unit, int take, CancellationToken ct)
    {
        var comments = await Responses.LatestComments.ReadAsync(_db, _db.Responses.Where(r => r.UnitId == unit.Id), take, ct);
        return comments.Select(c => new CommentItem(c.ResponseId, c.SubmittedAt, c.OfficialName, c.ProcedureName, c.OverallScore, c.Comment)).ToArray();
    }

    private async Task<SubjectScore[]> OfficialScoresAsync(AdministrativeUnit unit, Period period, CancellationToken ct)
    {
        var officials = await OfficialsOf(unit).ToListAsync(ct);
        var rollups = await RollupsAsync(SubjectKind.Official, officials.Select(o => o.Id).ToList(), period, Criteria.Overall, ct);
        var byId = rollups.ToDictionary(r => r.SubjectId, r => Tally.From(r.Stats));
        return RankedOfficials(officials, byId.GetValueOrDefault);
    }

    private sealed record OfficialRow(int Id, string Name, string? Position);

    /// <summary>The officials of the ward's agencies (and of the units below it), in staff-code order.</summary>
    private IQueryable<OfficialRow> OfficialsOf(AdministrativeUnit unit) =>
        _db.Officials.AsNoTracking()
            .Where(o => o.Agency.Unit.Path.StartsWith(unit.Path))
            .OrderBy(o => o.StaffCode)
            .Select(o => new OfficialRow(o.Id, o.FullName, o.Position));

    private SubjectScore[] RankedOfficials(IEnumerable<OfficialRow> officials, Func<int, Tally> overallOf) =>
        RankedSubjects(officials.Select(o => (Subject: (o.Id, o.Name, o.Position), Tally: overallOf(o.Id))))
            .OrderBy(s => s.Rank ?? int.MaxValue).ThenBy(s => s.Name).ToArray();

    private async Task<TrendPoint[]> TrendPointsAsync(SubjectKind kind, int id, Period period, CancellationToken ct)
    {
        // Twelve months ending with the month the chosen period ends in.
        var lastMonth = Period.Containing(PeriodKind.Month, period.Next().Start.AddDays(-1)).Start;
        var today = Period.Containing(PeriodKind.Month, Period.LocalToday(clock)).Start;
        if (lastMonth > today) lastMonth = today;
        var first = lastMonth.AddMonths(-11);
        var rows = await _db.Rollups.AsNoTracking()
            .Where(r => r.SubjectKind == kind && r.SubjectId == id && r.PeriodKind == PeriodKind.Month && r.Criterion == Criteria.Overall
                        && r.PeriodStart >= first && r.PeriodStart <= lastMonth)
            .ToDictionaryAsync(r => r.PeriodStart, ct);
        return Enumerable.Range(0, 12).Select(i => first.AddMonths(i)).Select(m =>
        {
            var s = Scores.Of(rows.TryGetValue(m, out var r) ? Tally.From(r.Stats) : default, _policy.MinimumToShow);
            return new TrendPoint(m, s.N, s.Rate, s.Mean, s.Enough);
        }).ToArray();
    }

    private Task<List<Rollup>> RollupsAsync(SubjectKind kind, List<int> ids, Period period, string? criterion, CancellationToken ct) =>
        _db.Rollups.AsNoTracking()
            .Where(r => r.SubjectKind == kind && ids.Contains(r.SubjectId) && r.PeriodKind == period.Kind && r.PeriodStart == period.Start
                        && (criterion == null || r.Criterion == criterion))
            .ToListAsync(ct);

    private CriterionScore[] CriterionScores(IEnumerable<Rollup> rollups) =>
        rollups.Select(r => ScoreOf(r.Criterion, Tally.From(r.Stats)))
            .OrderBy(c => c.Criterion == Criteria.Overall ? 0 : 1)
            .ThenBy(c => CriterionOrder(c.Criterion))
            .ToArray();

    private static int CriterionOrder(string key)
    {
        var i = 0;
        foreach (var k in Criteria.LabelsVi.Keys)
        {
            if (k == key) return i;
            i++;
        }
        return int.MaxValue;
    }

    private CriterionScore ScoreOf(string criterion, Tally tally)
    {
        var s = Scores.Of(tally, _policy.MinimumToShow);
        return new CriterionScore(criterion, Criteria.LabelsVi.GetValueOrDefault(criterion, criterion), s.N, s.Rate, s.Mean, s.Low, s.High, s.Enough);
    }

    private List<SubjectScore> RankedSubjects(IEnumerable<((int Id, string Name, string? Detail) Subject, Tally Tally)> subjects)
    {
        var list = subjects.ToList();
        var ranks = Scores.Rank(list, _policy.MinimumToShow, _policy.PriorStrength).ToDictionary(r => r.Subject.Id);
        return list.Select(s =>
        {
            var score = Scores.Of(s.Tally, _policy.MinimumToShow);
            var ranked = ranks.TryGetValue(s.Subject.Id, out var r);
            return new SubjectScore(s.Subject.Id, s.Subject.Name, s.Subject.Detail, score.N, score.Rate, score.Mean, score.Low, score.High,
                score.Enough, ranked ? r.Shrunk : null, ranked ? r.Rank : null);
        }).ToList();
    }
}
