using HaiLong.Api.Features.Scorecards;

namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>
/// Acceptance: the rollups equal a from-scratch aggregation of the raw responses after ordinary runs, a run killed mid-way,
/// concurrent runs, and responses whose transactions committed after later ones.
/// </summary>
public sealed class RollupTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly ResponseWriter _writer = new(app.ConnectionString);

    private RollupJob NewJob() => app.Services.CreateScope().ServiceProvider.GetRequiredService<RollupJob>();

    private static readonly DateTimeOffset Base = new(2026, 3, 10, 9, 0, 0, TimeSpan.FromHours(7));

    private async Task<List<ResponseSpec>> SpecsAsync(int count, int seed, DateTimeOffset? around = null)
    {
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        var random = new Random(seed);
        var start = around ?? Base;
        return Enumerable.Range(0, count).Select(i =>
        {
            var wardA = random.Next(3) > 0;
            var officials = wardA ? ids.OfficialsA : ids.OfficialsB;
            var scores = ResponseWriter.TestCriteria.ToDictionary(c => c, c => random.Next(6) is var s && s == 0 ? (short?)null : (short)s);
            return new ResponseSpec(
                UnitId: wardA ? ids.WardA : ids.WardB,
                // Spread over days and hours so local days, months and quarters differ from their UTC counterparts.
                SubmittedAt: start.AddHours(random.Next(0, 24 * 120)).AddMinutes(random.Next(60)),
                Scores: scores,
                AgencyId: random.Next(4) > 0 ? (wardA ? ids.CentreA : ids.CentreB) : null,
                OfficialId: random.Next(4) > 0 ? officials[random.Next(officials.Length)] : null,
                ProcedureId: random.Next(3) > 0 ? ids.Procedures[random.Next(ids.Procedures.Length)] : null);
        }).ToList();
    }

    private async Task AssertRollupsEqualFromScratchAsync()
    {
        var differences = await FromScratch.DifferencesAsync(app.ConnectionString);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
        Assert.True(await FromScratch.ScalarAsync(app.ConnectionString, "SELECT count(*) FROM rollups") > 0);
    }

    private Task<long> PendingAsync() => FromScratch.ScalarAsync(app.ConnectionString, "SELECT count(*) FROM pending_rollups");

    [Fact]
    public async Task Ordinary_runs_in_small_batches_equal_a_from_scratch_aggregation()
    {
        await _writer.InsertManyAsync(await SpecsAsync(80, seed: 1));
        var taken = await NewJob().RunAsync(batchSize: 7, CancellationToken.None);
        Assert.True(taken >= 80);
        await _writer.InsertManyAsync(await SpecsAsync(30, seed: 2));
        await NewJob().RunAsync(batchSize: 7, CancellationToken.None);

        Assert.Equal(0, await PendingAsync());
        await AssertRollupsEqualFromScratchAsync();
        // A re-run with nothing pending changes nothing.
        Assert.Equal(0, await NewJob().RunAsync(batchSize: 7, CancellationToken.None));
        await AssertRollupsEqualFromScratchAsync();
    }

    [Fact]
    public async Task A_backlog_is_folded_in_growing_batches_and_still_equals_a_from_scratch_aggregation()
    {
        // More than one default batch, so the scheduled run grows its batches past the first full one.
        await _writer.InsertManyAsync(await SpecsAsync(RollupJob.DefaultBatchSize * 2 + 150, seed: 7));
        var taken = await NewJob().RunAsync(CancellationToken.None);

        Assert.Equal(RollupJob.DefaultBatchSize * 2 + 150, taken);
        Assert.Equal(0, await PendingAsync());
        await AssertRollupsEqualFromScratchAsync();
    }

    [Fact]
    public async Task Periods_are_in_Vietnam_local_time()
    {
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        // 30 June 2025 23:30 in Vietnam is still the afternoon of 30 June in UTC, and 17:30 UTC on 30 June is 1 July in Vietnam.
        var scores = new Dictionary<string, short?> { [Criteria.Overall] = 5 };
        await _writer.InsertAsync(new ResponseSpec(ids.WardB, new DateTimeOffset(2025, 6, 30, 17, 30, 0, TimeSpan.Zero), scores));
        await NewJob().RunAsync(CancellationToken.None);

        await using var db = app.NewDbContext();
        var quarters = db.Rollups.Where(r => r.SubjectKind == SubjectKind.Unit && r.SubjectId == ids.WardB && r.PeriodKind == PeriodKind.Quarter
                                             && r.Criterion == Criteria.Overall && r.PeriodStart.Year == 2025)
            .Select(r => new { r.PeriodStart, r.Stats.Count }).ToList();
        Assert.Equal([new DateOnly(2025, 7, 1)], quarters.Select(q => q.PeriodStart));
        Assert.True(db.Rollups.Any(r => r.SubjectKind == SubjectKind.Unit && r.SubjectId == ids.ProvinceId && r.PeriodKind == PeriodKind.Day
                                        && r.PeriodStart == new DateOnly(2025, 7, 1)));
        await AssertRollupsEqualFromScratchAsync();
    }

    [Fact]
    public async Task A_run_killed_after_taking_its_batch_loses_nothing_and_the_next_run_folds_it()
    {
        await NewJob().RunAsync(CancellationToken.None);
        await _writer.InsertManyAsync(await SpecsAsync(25, seed: 3));
        var before = await FromScratch.ScalarAsync(app.ConnectionString, "SELECT coalesce(sum(count), 0) FROM rollups");

        // The batch's DELETE and upsert have run inside the transaction when the server process dies.
        await using (var conn = await _writer.OpenAsync())
        {
            await using var tx = await conn.BeginTransactionAsync();
            var batch = await RollupJob.FoldBatchAsync(conn, tx, 10, CancellationToken.None);
            Assert.Equal(10, batch.Responses);
            await using (var killer = await _writer.OpenAsync())
            await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", killer))
            {
                kill.Parameters.AddWithValue("pid", conn.ProcessID);
                Assert.True((bool)(await kill.ExecuteScalarAsync())!);
            }
            await Assert.ThrowsAnyAsync<Exception>(() => tx.CommitAsync());
        }

        Assert.Equal(25, await PendingAsync());
        Assert.Equal(before, await FromScratch.ScalarAsync(app.ConnectionString, "SELECT coalesce(sum(count), 0) FROM rollups"));
        await NewJob().RunAsync(batchSize: 10, CancellationToken.None);
        Assert.Equal(0, await PendingAsync());
        await AssertRollupsEqualFromScratchAsync();
    }

    [Fact]
    public async Task Concurrent_runs_never_take_the_same_responses_and_give_the_same_rollups()
    {
        await NewJob().RunAsync(CancellationToken.None);
        await _writer.InsertManyAsync(await SpecsAsync(240, seed: 4));

        // A run on another server holds a batch it has taken but not yet committed while four more runs start.
        await using var other = await _writer.OpenAsync();
        await using var otherTx = await other.BeginTransactionAsync();
        var held = await RollupJob.FoldBatchAsync(other, otherTx, 20, CancellationToken.None);
        Assert.Equal(20, held.Responses);
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(() => NewJob().RunAsync(batchSize: 5, CancellationToken.None))).ToList();
        await otherTx.CommitAsync();
        var taken = await Task.WhenAll(runs);

        // Each response was taken by exactly one run: the counts add up to the whole, with no double folding.
        Assert.Equal(220, taken.Sum());
        Assert.Equal(0, await PendingAsync());
        await AssertRollupsEqualFromScratchAsync();
    }

    [Fact]
    public async Task A_response_committed_after_a_later_one_was_folded_is_folded_by_the_next_run()
    {
        await NewJob().RunAsync(CancellationToken.None);
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        var scores = new Dictionary<string, short?> { [Criteria.Overall] = 2, [Criteria.OfficialAttitude] = 1 };
        var at = new DateTimeOffset(2026, 2, 3, 10, 0, 0, TimeSpan.FromHours(7));

        await using var slow = await _writer.OpenAsync();
        await using var slowTx = await slow.BeginTransactionAsync();
        var early = await _writer.InsertAsync(slow, slowTx, new ResponseSpec(ids.WardA, at, scores, ids.CentreA, ids.OfficialsA[0]));
        var late = await _writer.InsertAsync(new ResponseSpec(ids.WardA, at, scores, ids.CentreA, ids.OfficialsA[0]));
        Assert.True(early < late);

        Assert.Equal(1, await NewJob().RunAsync(CancellationToken.None));
        await AssertRollupsEqualFromScratchAsync();

        await slowTx.CommitAsync();
        Assert.Equal(1, await NewJob().RunAsync(CancellationToken.None));
        await AssertRollupsEqualFromScratchAsync();
        await using var db = app.NewDbContext();
        var official = db.Rollups.Single(r => r.SubjectKind == SubjectKind.Official && r.SubjectId == ids.OfficialsA[0]
                                              && r.PeriodKind == PeriodKind.Day && r.PeriodStart == new DateOnly(2026, 2, 3)
                                              && r.Criterion == Criteria.Overall);
        Assert.Equal(2, official.Stats.Count);
    }

    [Fact]
    public async Task Reconciliation_logs_and_repairs_every_difference_but_leaves_pending_responses_alone()
    {
        await _writer.InsertManyAsync(await SpecsAsync(40, seed: 5));
        await NewJob().RunAsync(CancellationToken.None);
        await using (var conn = await _writer.OpenAsync())
        await using (var corrupt = new NpgsqlCommand("""
            UPDATE rollups SET count = count + 3, score5 = score5 + 3
            WHERE (subject_kind, subject_id, period_kind, period_start, criterion)
                = (SELECT subject_kind, subject_id, period_kind, period_start, criterion FROM rollups ORDER BY 1, 2, 3, 4, 5 LIMIT 1);
            DELETE FROM rollups
            WHERE (subject_kind, subject_id, period_kind, period_start, criterion)
                = (SELECT subject_kind, subject_id, period_kind, period_start, criterion FROM rollups ORDER BY 1 DESC, 2 DESC LIMIT 1);
            INSERT INTO rollups VALUES ('Official', 999999, 'Day', '2026-01-01', 'overall.satisfaction', 1, 5, 25, 0, 0, 0, 0, 1);
            UPDATE procedure_rollups SET sum = sum + 1, sum_squares = sum_squares + 9, score2 = score2 - 1, score3 = score3 + 1
            WHERE (unit_id, period_kind, period_start, procedure_id, criterion)
                = (SELECT unit_id, period_kind, period_start, procedure_id, criterion FROM procedure_rollups
                   WHERE score2 > 0 ORDER BY 1, 2, 3, 4, 5 LIMIT 1);
            """, conn)) await corrupt.ExecuteNonQueryAsync();
        Assert.NotEmpty(await FromScratch.DifferencesAsync(app.ConnectionString));
        // A response still pending is the rollup job's business, not a difference.
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        var pending = await _writer.InsertAsync(new ResponseSpec(ids.WardA, Base, new Dictionary<string, short?> { [Criteria.Overall] = 4 }));
        async Task<bool> IsPendingAsync() =>
            await FromScratch.ScalarAsync(app.ConnectionString, $"SELECT count(*) FROM pending_rollups WHERE response_id = {pending}") == 1;

        var job = app.Services.CreateScope().ServiceProvider.GetRequiredService<ReconciliationJob>();
        var differences = await job.RunAsync(CancellationToken.None);

        Assert.Equal(4, differences.Count);
        Assert.Contains(differences, d => d.SubjectId == 999999 && d.ExpectedCount is null);
        Assert.Contains(differences, d => d.Table == "procedure_rollups" && d.UnitId is not null && d.StoredCount == d.ExpectedCount);
        Assert.True(await IsPendingAsync());
        Assert.Equal(1, await PendingAsync());
        Assert.Empty(await job.RunAsync(CancellationToken.None));
        Assert.True(await IsPendingAsync());
        // Left for the rollup job, which folds it: the oracle counts it once the job has.
        await NewJob().RunAsync(CancellationToken.None);
        Assert.False(await IsPendingAsync());
        await AssertRollupsEqualFromScratchAsync();
    }
}
