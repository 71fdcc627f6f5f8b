using HaiLong.Api.Infrastructure;
using Npgsql;

namespace HaiLong.UnitTests.Composition;

/// <summary>The primary's and the read-only connection strings as HaiLong uses them (docs/DEVELOPING.md, "High availability").</summary>
public sealed class ConnectionStringTests
{
    private const string Nodes = "Host=10.0.0.1:5432,10.0.0.2:5432,10.0.0.3:5432;Database=hailong;Username=hailong;Password=x";

    [Fact]
    public void Several_hosts_write_to_the_primary_and_recheck_roles_every_two_seconds()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForPrimary(Nodes));
        Assert.Equal(("read-write", 2, 64), (csb.TargetSessionAttributes, csb.HostRecheckSeconds, csb.MaxAutoPrepare));
    }

    [Fact]
    public void The_operators_own_choices_win()
    {
        var csb = new NpgsqlConnectionStringBuilder(
            DatabaseSetup.ForPrimary(Nodes + ";Target Session Attributes=primary;Host Recheck Seconds=7;Max Auto Prepare=0"));
        Assert.Equal(("primary", 7, 0), (csb.TargetSessionAttributes, csb.HostRecheckSeconds, csb.MaxAutoPrepare));
    }

    [Fact]
    public void One_host_is_left_as_it_was_but_for_statement_caching()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForPrimary("Host=db;Database=hailong"));
        Assert.Equal((null, 10, 64), (csb.TargetSessionAttributes, csb.HostRecheckSeconds, csb.MaxAutoPrepare));
    }

    [Fact]
    public void The_read_only_string_prefers_a_standby_and_every_session_is_read_only()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForReadOnly(Nodes + ";Options=-c statement_timeout=5s"));
        Assert.Equal(("prefer-standby", "-c statement_timeout=5s -c default_transaction_read_only=on"), (csb.TargetSessionAttributes, csb.Options));
        Assert.Equal("standby", new NpgsqlConnectionStringBuilder(
            DatabaseSetup.ForReadOnly(Nodes + ";Target Session Attributes=standby")).TargetSessionAttributes);
    }

    [Fact]
    public void The_apps_pool_skips_npgsqls_reset_on_return_unless_the_operator_says_otherwise()
    {
        using var lean = DatabaseSetup.AppDataSource("Host=db;Database=hailong");
        using var chosen = DatabaseSetup.AppDataSource("Host=db;Database=hailong;No Reset On Close=false");
        Assert.True(new NpgsqlConnectionStringBuilder(lean.ConnectionString).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(chosen.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public void The_apps_pool_is_bounded_by_the_cores_unless_the_operator_sets_its_size()
    {
        using var bounded = DatabaseSetup.AppDataSource("Host=db;Database=hailong");
        using var chosen = DatabaseSetup.AppDataSource("Host=db;Database=hailong;Maximum Pool Size=100");
        using var shortName = DatabaseSetup.AppDataSource("Host=db;Database=hailong;MaxPoolSize=50");
        Assert.Equal(DatabaseSetup.MaxPoolSize(Environment.ProcessorCount), new NpgsqlConnectionStringBuilder(bounded.ConnectionString).MaxPoolSize);
        Assert.Equal((100, 50), (new NpgsqlConnectionStringBuilder(chosen.ConnectionString).MaxPoolSize,
            new NpgsqlConnectionStringBuilder(shortName.ConnectionString).MaxPoolSize));
        Assert.Equal((16, 16, 32, 64),
            (DatabaseSetup.MaxPoolSize(1), DatabaseSetup.MaxPoolSize(2), DatabaseSetup.MaxPoolSize(8), DatabaseSetup.MaxPoolSize(16)));
    }
}
