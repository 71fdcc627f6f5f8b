using System.Diagnostics;
using HaiLong.Bench;

var command = args.FirstOrDefault() ?? "help";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
bool Flag(string name) => args.Contains(name);
var connection = Option("--connection");

switch (command)
{
    case "seed":
    {
        await using var db = await BenchDatabase.OpenAsync(connection);
        var seeder = new Seeder(db.DataSource);
        var world = await seeder.EnsureWorldAsync();
        var responses = long.Parse(Option("--responses") ?? "1000000");
        await seeder.AppendResponsesAsync(world, responses, DateTimeOffset.UtcNow, pending: Flag("--pending"),
            seed: int.Parse(Option("--seed") ?? "42"));
        Console.WriteLine($"seed: database now holds {await db.ScalarAsync("SELECT count(*) FROM responses"):N0} responses");
        break;
    }
    case "rollup-baseline":
    {
        await using var db = await BenchDatabase.OpenAsync(connection);
        var sw = Stopwatch.StartNew();
        await db.ExecuteAsync($"DROP TABLE IF EXISTS bench_rollups; CREATE UNLOGGED TABLE bench_rollups AS {RollupBaseline.Sql}");
        Console.WriteLine($"rollup-baseline: {await db.ScalarAsync("SELECT count(*) FROM bench_rollups"):N0} rollup rows in {sw.Elapsed.TotalSeconds:F2} s");
        break;
    }
    case "stop":
    {
        await using var db = await BenchDatabase.OpenAsync(connection);
        if (db.Cluster is { } c) await c.StopAsync();
        break;
    }
    default:
        Console.WriteLine("""
            HaiLong benchmarks (see BENCHMARKS.md)
              seed --responses N [--pending] [--seed S]   add N responses (binary COPY) to the bench database
              rollup-baseline                            one hand-written INSERT … SELECT … GROUP BY over all responses
              stop                                       stop the embedded bench cluster
            Options: --connection "Host=…"  use that server instead of the embedded cluster in /tmp/hailong-bench
            """);
        break;
}
