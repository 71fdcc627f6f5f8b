using HaiLong.Api.Features.Scorecards;
using HaiLong.Bench;
using Seeder = HaiLong.Bench.Seeder;

namespace HaiLong.IntegrationTests.Bench;

/// <summary>
/// The rollups benchmark's ratio means something only if its hand-written baseline computes exactly what the rollup job
/// keeps: a small run of the bench seeder (binary COPY), the real job, and the baseline, compared row for row.
/// </summary>
public sealed class RollupBaselineTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task The_hand_written_baseline_equals_what_the_rollup_job_folds()
    {
        await using var dataSource = NpgsqlDataSource.Create(app.ConnectionString);
        var seeder = new Seeder(dataSource, wards: 3, officialsPerWard: 5);
        var world = await seeder.EnsureWorldAsync();
        await seeder.AppendResponsesAsync(world, 1_000, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), pending: true, seed: 7);
        await ExecuteAsync(dataSource, """
            TRUNCATE rollups, procedure_rollups;
            INSERT INTO pending_rollups (response_id) SELECT id FROM responses ON CONFLICT DO NOTHING;
            """);

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RollupJob>().RunAsync(CancellationToken.None);
        }
        await ExecuteAsync(dataSource, RollupBaseline.CreateTables);
        await using (var baseline = dataSource.CreateCommand(RollupBaseline.Sql))
        {
            baseline.Parameters.AddWithValue("lo", 0L);
            baseline.Parameters.AddWithValue("hi", long.MaxValue);
            await baseline.ExecuteScalarAsync();
        }

        Assert.Equal(0L, await ScalarAsync(dataSource, "SELECT count(*) FROM pending_rollups"));
        Assert.Equal(0L, await ScalarAsync(dataSource, RollupBaseline.DifferenceSql));
        // Not two empty tables: every Likert answer of the seeded responses is counted once per subject kind and period kind.
        var answers = await ScalarAsync(dataSource, $"""
            SELECT count(*) FROM response_answers a JOIN responses r ON r.id = a.response_id
            WHERE a.score BETWEEN 1 AND 5 AND r.survey_version_id = {world.Survey.VersionId}
            """);
        Assert.True(answers > 10_000);
        Assert.Equal(answers, await ScalarAsync(dataSource, $"""
            SELECT sum(count) FROM bench_rollups WHERE subject_kind = 'Official' AND period_kind = 'Year'
              AND subject_id IN ({string.Join(',', world.Officials.Select(o => o.Official))})
            """));
        Assert.True(await ScalarAsync(dataSource, "SELECT count(*) FROM bench_procedure_rollups") > 0);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
