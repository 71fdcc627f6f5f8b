using HaiLong.Api.Infrastructure;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// The app's pool is bounded by the cores (DatabaseSetup.MaxPoolSize): a burst waits for warm connections instead of forking
/// a PostgreSQL backend for every waiting request. Its own app, so that the burst's idle connections meet no other test.
/// </summary>
public sealed class PoolBoundTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_burst_beyond_the_pools_bound_waits_for_its_connections_instead_of_opening_more_backends()
    {
        var pool = app.Service<NpgsqlDataSource>();
        var bound = new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxPoolSize;

        // Three times as many at once as the pool may hold, each keeping its connection a moment so that they overlap.
        var backends = await Task.WhenAll(Enumerable.Range(0, 3 * bound).Select(async _ =>
        {
            await using var connection = await pool.OpenConnectionAsync();
            await using var hold = new NpgsqlCommand("SELECT pg_backend_pid() FROM pg_sleep(0.05)", connection);
            return (int)(await hold.ExecuteScalarAsync())!;
        }));

        Assert.Equal(DatabaseSetup.MaxPoolSize(Environment.ProcessorCount), bound);
        Assert.Equal(3 * bound, backends.Length);
        Assert.InRange(backends.Distinct().Count(), 1, bound);
    }
}
