using HaiLong.Api.Features.Responses;
using Microsoft.Extensions.Configuration;

namespace HaiLong.IntegrationTests.Responses;

/// <summary>Device and IP hashes must match across replicas and restarts, or the device window would not hold.</summary>
public sealed class AbuseSignalTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Without_a_configured_salt_every_replica_hashes_the_same_device_the_same_way()
    {
        var running = app.Service<AbuseSignals>().Hash("device", "phone-1");

        // A second replica: its own process state, the same database.
        await using var dataSource = NpgsqlDataSource.Create(app.ConnectionString);
        var replica = new AbuseSignals(new ConfigurationBuilder().Build(), new InstallationSecrets(dataSource));

        Assert.Equal(running, replica.Hash("device", "phone-1"));
        Assert.NotEqual(running, replica.Hash("device", "phone-2"));
        Assert.Matches("^[0-9a-f]{64}$", running);
    }

    [Fact]
    public async Task A_salt_that_could_not_be_read_is_read_again_by_the_next_request()
    {
        // A fresh replica whose first read fails (here: the table is out of reach for a moment, as during a database outage).
        var expected = app.Service<AbuseSignals>().Hash("ip", "10.0.0.1");
        var database = await TestCluster.CreateDatabaseAsync();
        try
        {
            await using (var running = new HaiLongAppDatabase(app.ConnectionString, database)) await running.CopySaltAsync();
            await using var dataSource = NpgsqlDataSource.Create(database);
            var replica = new AbuseSignals(new ConfigurationBuilder().Build(), new InstallationSecrets(dataSource));
            await using (var cmd =
                dataSource.CreateCommand("ALTER TABLE installation_secrets RENAME TO installation_secrets_away")) await cmd.ExecuteNonQueryAsync();
            Assert.ThrowsAny<NpgsqlException>(() => replica.Hash("ip", "10.0.0.1"));

            await using (var cmd =
                dataSource.CreateCommand("ALTER TABLE installation_secrets_away RENAME TO installation_secrets")) await cmd.ExecuteNonQueryAsync();
            Assert.Equal(expected, replica.Hash("ip", "10.0.0.1"));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    /// <summary>Copies the running app's salt into another database, so a replica there must hash like the app.</summary>
    private sealed class HaiLongAppDatabase(string from, string to) : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _from = NpgsqlDataSource.Create(from);
        private readonly NpgsqlDataSource _to = NpgsqlDataSource.Create(to);

        public async Task CopySaltAsync()
        {
            await using var read = _from.CreateCommand("SELECT value FROM installation_secrets WHERE name = 'abuse-signal-salt'");
            var salt = (byte[])(await read.ExecuteScalarAsync())!;
            await using var write = _to.CreateCommand("""
                INSERT INTO installation_secrets (name, value, created_at) VALUES ('abuse-signal-salt', @v, now())
                ON CONFLICT (name) DO UPDATE SET value = excluded.value
                """);
            write.Parameters.AddWithValue("v", salt);
            await write.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await _from.DisposeAsync();
            await _to.DisposeAsync();
        }
    }

    [Fact]
    public void A_configured_salt_gives_different_hashes_from_the_generated_one()
    {
        var generated = app.Service<AbuseSignals>().Hash("ip", "127.0.0.1");
        var configured = new AbuseSignals(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HaiLong:Surveys:SignalSalt"] = "operator-secret" }).Build(),
            app.Service<InstallationSecrets>());
        Assert.NotEqual(generated, configured.Hash("ip", "127.0.0.1"));
    }
}
