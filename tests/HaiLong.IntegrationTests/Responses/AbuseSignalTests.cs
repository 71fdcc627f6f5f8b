using HaiLong.Api.Features.Responses;
using HaiLong.Api.Infrastructure;
using HaiLong.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Npgsql;

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
    public void A_configured_salt_gives_different_hashes_from_the_generated_one()
    {
        var generated = app.Service<AbuseSignals>().Hash("ip", "127.0.0.1");
        var configured = new AbuseSignals(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HaiLong:Surveys:SignalSalt"] = "operator-secret" }).Build(),
            app.Service<InstallationSecrets>());
        Assert.NotEqual(generated, configured.Hash("ip", "127.0.0.1"));
    }
}
