using System.Diagnostics;
using Dapper;
using HaiLong.Data.Entities;
using Npgsql;

namespace HaiLong.Bench;

/// <summary>
/// Fills a database with a realistic world at scale: 50 wards under one province, about 1,000 officials, counters,
/// procedures, and N responses with their answers over the past year, loaded with binary COPY.
/// </summary>
public sealed class Seeder(NpgsqlDataSource db, int wards = 50, int officialsPerWard = 20)
{
    public static readonly string[] ServiceCriteria =
    [
        Criteria.AccessLocation, Criteria.AccessFacilities, Criteria.ProcedurePublic, Criteria.ProcedureRequirements,
        Criteria.ProcedureFees, Criteria.OfficialAttitude, Criteria.OfficialCompetence, Criteria.OfficialGuidance,
        Criteria.ResultCorrect, Criteria.ResultTimeliness, Criteria.FeedbackHandling, Criteria.Overall,
    ];

    private const string SurveyCode = "bench-service";

    public sealed record World(SurveyQuestions Survey, (int Official, int Agency, int Ward)[] Officials, int[] Procedures);

    public async Task<World> EnsureWorldAsync()
    {
        await using (var check = db.CreateCommand("SELECT count(*) FROM officials WHERE staff_code LIKE 'B-%'"))
        {
            if ((long)(await check.ExecuteScalarAsync())! == 0) await CreateWorldAsync();
        }
        return await LoadWorldAsync();
    }

    private async Task CreateWorldAsync()
    {
        var sw = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        async Task<int> Scalar(string sql, params object[] args)
        {
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            for (var i = 0; i < args.Length; i++) cmd.Parameters.AddWithValue($"p{i}", args[i]);
            return Convert.ToInt32(await cmd.ExecuteScalarAsync());
        }
        var province = await Scalar("""
            INSERT INTO units (code, name, level, path, is_remote_area) VALUES ('B-P', 'Tỉnh Thử nghiệm', 'Province', '/', false) RETURNING id
            """);
        await Scalar("UPDATE units SET path = '/' || id || '/' WHERE id = @p0 RETURNING id", province);
        for (var w = 1; w <= wards; w++)
        {
            var ward = await Scalar("""
                INSERT INTO units (code, name, level, parent_id, path, is_remote_area) VALUES (@p0, @p1, 'Ward', @p2, '', false) RETURNING id
                """, $"B-W{w:000}", $"Phường Thử nghiệm {w}", province);
            await Scalar("UPDATE units SET path = @p0 || id || '/' WHERE id = @p1 RETURNING id", $"/{province}/", ward);
            var agencies = new List<int>();
            foreach (var (kind, name) in new[] { ("PeoplesCouncil", "HĐND"), ("PeoplesCommittee", "UBND"), ("ServiceCentre", "TTPVHCC") })
            {
                agencies.Add(await Scalar("INSERT INTO agencies (unit_id, kind, code, name) VALUES (@p0, @p1, @p2, @p3) RETURNING id",
                    ward, kind, $"B-W{w:000}-{name}", $"{name} phường {w}"));
            }
            for (var o = 0; o < officialsPerWard; o++)
            {
                var agency = o switch { 0 => agencies[0], < 3 => agencies[1], _ => agencies[2] };
                await Scalar("""
                    INSERT INTO officials (agency_id, staff_code, full_name, position, is_leader, active_from)
                    VALUES (@p0, @p1, @p2, @p3, @p4, DATE '2020-01-01') RETURNING id
                    """, agency, $"B-{w:000}-{o:000}", $"Cán bộ {w}-{o}", o < 4 ? "Lãnh đạo" : "Công chức", o is 0 or 1 or 3);
            }
        }
        for (var p = 0; p < 30; p++)
        {
            await Scalar("INSERT INTO procedures (code, name, field) VALUES (@p0, @p1, 'Thử nghiệm') RETURNING id",
                $"B-TTHC-{p:000}", $"Thủ tục thử nghiệm {p}");
        }
        await tx.CommitAsync();
        await SurveyQuestions.EnsureAsync(conn, SurveyCode, ServiceCriteria, required: true);
        Console.WriteLine($"seed: world of {wards} wards, {wards * officialsPerWard} officials in {sw.Elapsed.TotalSeconds:F1} s");
    }

    private async Task<World> LoadWorldAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var officials = await conn.QueryAsync<(int, int, int)>(
            "SELECT o.id, o.agency_id, a.unit_id FROM officials o JOIN agencies a ON a.id = o.agency_id WHERE o.staff_code LIKE 'B-%' ORDER BY o.id");
        var procedures = await conn.QueryAsync<int>("SELECT id FROM procedures WHERE code LIKE 'B-TTHC-%' ORDER BY id");
        var survey = await SurveyQuestions.LatestAsync(conn, SurveyCode) ?? throw new InvalidOperationException("no bench survey");
        return new World(survey, [.. officials], [.. procedures]);
    }

    /// <summary>
    /// Appends <paramref name="count"/> responses (12 Likert answers each) spread over the <paramref name="days"/> (a year)
    /// before <paramref name="until"/>, in time order: as submissions arrive, a later id is a later answer, so a batch of the
    /// fold covers a few days, not the whole year (seeded at random times, every batch of 100,000 rewrote nearly every
    /// official's day rows: the fold of 10M ran at ~600/s). Each official has a propensity to satisfy, so scores differ
    /// between officials as they do in life. With <paramref name="pending"/> the ids also go to pending_rollups, as a live
    /// submission does.
    /// </summary>
    public async Task AppendResponsesAsync(World world, long count, DateTimeOffset until, bool pending, int seed = 42, int days = 365)
    {
        var rng = new Random(seed);
        var propensity = world.Officials.Select(_ => Math.Clamp(0.82 + NextGaussian(rng) * 0.09, 0.3, 0.99)).ToArray();
        var sw = Stopwatch.StartNew();
        const int chunk = 100_000;
        for (long done = 0; done < count; done += chunk)
        {
            var n = (int)Math.Min(chunk, count - done);
            var rows = new (int Official, ResponseSpec Spec)[n];
            for (var i = 0; i < n; i++)
            {
                var o = rng.Next(world.Officials.Length);
                var (official, agency, ward) = world.Officials[o];
                var at = until.AddSeconds(-(count - done - i - rng.NextDouble()) / count * days * 86400);
                var procedure = world.Procedures[rng.Next(world.Procedures.Length)];
                rows[i] = (o, new ResponseSpec(ward, at, null!, agency, official, procedure));
            }
            var specs = rows.Select(row => row.Spec with
            {
                Scores = ServiceCriteria.ToDictionary(c => c, _ => Score(rng, propensity[row.Official])),
            }).ToArray();
            await using var conn = await db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await ResponseRows.WriteAsync(conn, world.Survey, specs, pending);
            await tx.CommitAsync();
            var total = done + n;
            Console.WriteLine($"seed: {total:N0}/{count:N0} responses ({total * 100 / count}%), {total / Math.Max(sw.Elapsed.TotalSeconds, 0.001):N0}/s");
        }
        await using (var cmd = db.CreateCommand("ANALYZE responses; ANALYZE response_answers;"))
        {
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static short? Score(Random rng, double p)
    {
        if (rng.NextDouble() < 0.04) return null; // "không áp dụng"
        var u = rng.NextDouble();
        if (u < p) return rng.NextDouble() < 0.55 ? (short)5 : (short)4;
        var v = rng.NextDouble();
        return v < 0.45 ? (short)3 : v < 0.8 ? (short)2 : (short)1;
    }

    private static double NextGaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
