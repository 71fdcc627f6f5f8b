using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HaiLong.Bench;

/// <summary>
/// The benchmark's own PostgreSQL: a persistent embedded cluster in /tmp/hailong-bench (so a 1M seed is paid once), or the
/// server named by --connection. Schema from the real migrations.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private EmbeddedPostgres? _cluster;

    public required string ConnectionString { get; init; }
    public required NpgsqlDataSource DataSource { get; init; }
    public EmbeddedPostgres? Cluster => _cluster;

    /// <summary>
    /// This database for the app under test, without the bench's own pool size: the app bounds its pool as it does in
    /// production (DatabaseSetup.MaxPoolSize), so the bench measures that bound and not Npgsql's default of 100.
    /// </summary>
    public string AppConnectionString
    {
        get
        {
            var csb = new NpgsqlConnectionStringBuilder(ConnectionString);
            csb.Remove("Maximum Pool Size");
            return csb.ConnectionString;
        }
    }

    public static async Task<BenchDatabase> OpenAsync(string? connection, string database = "hailong_bench")
    {
        EmbeddedPostgres? cluster = null;
        if (string.IsNullOrEmpty(connection))
        {
            var binaries = EmbeddedPostgres.FindBinaries() ?? throw new InvalidOperationException("PostgreSQL server binaries not found.");
            cluster = await EmbeddedPostgres.StartAsync(binaries, "/tmp/hailong-bench", port: null);
            await cluster.EnsureDatabaseAsync(database);
            connection = cluster.ConnectionString(database);
        }
        var options = new DbContextOptionsBuilder<HaiLongDbContext>().UseHaiLongPostgres(connection).Options;
        await using (var db = new HaiLongDbContext(options))
        {
            await HaiLong.Migrations.HaiLongMigrator.MigrateAsync(db);
        }
        var builder = new NpgsqlConnectionStringBuilder(connection) { MaxPoolSize = 200, CommandTimeout = 3600 };
        return new BenchDatabase
        {
            ConnectionString = builder.ConnectionString,
            DataSource = NpgsqlDataSource.Create(builder.ConnectionString),
            _cluster = cluster,
        };
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task<string> TextAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return Convert.ToString(await cmd.ExecuteScalarAsync()) ?? "";
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        // The cluster is left running between bench commands; `bench stop` stops it.
    }
}
