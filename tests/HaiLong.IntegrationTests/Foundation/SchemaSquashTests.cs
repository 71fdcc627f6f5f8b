using System.Diagnostics;
using HaiLong.Migrations;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// The two migrations of 7 Dec 2026 (the second squash's InitialCreate and Consultations) were squashed into one InitialCreate
/// (the third squash). A database made by the old chain (loaded from Resources/schema-before-squash.sql, EF's own script of
/// that chain) and one made by today's migrations must have the same schema, and the app's start-up migration must accept
/// the old one as it is. A hand-written object (trigger, guard, exclusion constraint) missing from the squashed migration
/// shows up as a difference in pg_dump.
/// </summary>
public sealed class SchemaSquashTests
{
    private const string SquashedId = "20261207094500_InitialCreate";

    [Fact]
    public async Task A_database_made_by_the_old_migrations_has_the_schema_of_the_squashed_one_and_start_up_accepts_it()
    {
        var old = await CreateEmptyDatabaseAsync("old");
        var squashed = await CreateEmptyDatabaseAsync("new");
        try
        {
            await RunAsync("psql", old, "--quiet", "-v", "ON_ERROR_STOP=1", "--file", ResourcePath());
            Assert.Equal(2, (await HistoryAsync(old)).Length);

            await using (var db = Context(squashed)) await HaiLongMigrator.MigrateAsync(db);
            // Start-up's migration on the old database: had it tried to apply the new InitialCreate, CREATE TABLE would have
            // failed on the existing tables; the retired ids are replaced by the new one.
            await using (var db = Context(old)) await HaiLongMigrator.MigrateAsync(db);

            string[] known;
            await using (var db = Context(squashed)) known = db.Database.GetMigrations().ToArray();
            // The squash is the first migration; features added after it bring their own, applied to both.
            Assert.Equal(SquashedId, known[0]);
            Assert.Equal(known, await HistoryAsync(old));
            Assert.Equal(known, await HistoryAsync(squashed));

            AssertSameSchema(await SchemaAsync(old), await SchemaAsync(squashed));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(old);
            await TestCluster.DropDatabaseAsync(squashed);
        }
    }

    [Fact]
    public async Task A_database_made_by_only_part_of_the_old_migrations_is_refused_at_start_up()
    {
        var partial = await CreateEmptyDatabaseAsync("partial");
        try
        {
            await RunAsync("psql", partial, "--quiet", "-v", "ON_ERROR_STOP=1", "--file", ResourcePath());
            Assert.Equal(1, await ExecuteAsync(partial,
                """DELETE FROM "__EFMigrationsHistory" WHERE migration_id = '20261207063000_Consultations'"""));

            await using var db = Context(partial);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => HaiLongMigrator.MigrateAsync(db));
            Assert.Contains("only part of the migrations", refused.MessageText);
            Assert.Equal(["20261207052454_InitialCreate"], await HistoryAsync(partial));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(partial);
        }
    }

    /// <summary>
    /// A database made by an earlier squash's chain (here the last migration of the second squash's five) has none of the
    /// retired ids of the third; without the check the new InitialCreate would run on its tables and fail half-way.
    /// </summary>
    [Fact]
    public async Task A_database_of_an_earlier_squash_is_refused_at_start_up()
    {
        var earlier = await CreateEmptyDatabaseAsync("earlier");
        try
        {
            await ExecuteAsync(earlier, """
                CREATE TABLE "__EFMigrationsHistory" (migration_id varchar(150) PRIMARY KEY, product_version varchar(32) NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20261207034503_EvaluationLeaderEvidence', '10.0.15');
                """);

            await using var db = Context(earlier);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => HaiLongMigrator.MigrateAsync(db));
            Assert.Contains("only part of the migrations", refused.MessageText);
            Assert.Equal(["20261207034503_EvaluationLeaderEvidence"], await HistoryAsync(earlier));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(earlier);
        }
    }

    private static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Compared as pg_dump writes them, with nothing normalised: both dumps come from the same cluster, user and pg_dump, and
    /// the one line that differs between any two dumps — the random key of psql's \restrict — is fixed with --restrict-key.
    /// Column order counts too (a squashed migration creating columns in another order is a different table).
    /// </summary>
    private static void AssertSameSchema(string old, string squashed)
    {
        if (old == squashed) return;
        var a = old.Split('\n');
        var b = squashed.Split('\n');
        var first = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        string Around(string[] lines) => string.Join('\n', lines.Skip(Math.Max(0, first - 8)).Take(16));
        var onlyOld = a.Except(b).Take(20);
        var onlyNew = b.Except(a).Take(20);
        Assert.Fail($"""
            The squashed migration's schema differs from the old chain's, first at line {first + 1}.
            Only in the old chain:
            {string.Join('\n', onlyOld)}
            Only in the squashed migration:
            {string.Join('\n', onlyNew)}
            Old chain around line {first + 1}:
            {Around(a)}
            Squashed around line {first + 1}:
            {Around(b)}
            """);
    }

    private static Task<string> SchemaAsync(string connectionString) =>
        RunAsync("pg_dump", connectionString, "--schema-only", "--restrict-key=schema");

    private static async Task<string[]> HistoryAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""SELECT migration_id FROM "__EFMigrationsHistory" ORDER BY migration_id""", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return [.. ids];
    }

    private static HaiLongDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<HaiLongDbContext>().UseHaiLongPostgres(connectionString).Options);

    private static string ResourcePath() =>
        Path.Combine(AppContext.BaseDirectory, "Foundation", "Resources", "schema-before-squash.sql");

    /// <summary>An empty database (not a copy of the migrated template) on the test run's cluster.</summary>
    private static async Task<string> CreateEmptyDatabaseAsync(string role)
    {
        var cluster = await TestCluster.ClusterAsync();
        var name = $"hailong_squash_{role}_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..12]}";
        await using var conn = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return cluster.ConnectionString(name);
    }

    /// <summary>Runs a client program from the cluster's own PostgreSQL binaries against the database; returns its output.</summary>
    private static async Task<string> RunAsync(string program, string connectionString, params string[] args)
    {
        var bin = EmbeddedPostgres.FindBinaries(Environment.GetEnvironmentVariable("HAILONG_PG_BIN"))
            ?? throw new InvalidOperationException("PostgreSQL binaries not found.");
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var psi = new ProcessStartInfo(Path.Combine(bin, program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--host", cs.Host!, "--port", cs.Port.ToString(), "--username", cs.Username!, "--dbname", cs.Database! }
                     .Concat(args))
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
