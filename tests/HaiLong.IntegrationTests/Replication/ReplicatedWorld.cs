using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaiLong.IntegrationTests.Replication;

/// <summary>
/// The app on its own database of the test cluster (the primary) with a streaming standby of that cluster as
/// ConnectionStrings:HaiLongReadOnly. The standby is copied once per class, after the class's database exists.
/// </summary>
public sealed class ReplicatedWorld : IAsyncLifetime
{
    public HaiLongApp App { get; } = new();

    public StreamingReplica Replica { get; private set; } = null!;

    public string Database => new NpgsqlConnectionStringBuilder(App.ConnectionString).Database!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Replica = await StreamingReplica.StartAsync();
        App.With($"ConnectionStrings:{ReplicaDatabase.ConnectionName}", Replica.ConnectionString(Database));
    }

    public async Task DisposeAsync()
    {
        // The host first (its read-only pool holds connections to the standby), then the standby, then the database.
        await App.DisposeAsync();
        await Replica.DisposeAsync();
    }

    /// <summary>A second host on the same database whose connection strings differ (another primary string, no replica).</summary>
    public WebApplicationFactory<Program> HostWith(string primary, string? readOnly) => App.WithWebHostBuilder(b =>
    {
        b.UseSetting($"ConnectionStrings:{DatabaseSetup.ConnectionName}", primary);
        b.UseSetting($"ConnectionStrings:{ReplicaDatabase.ConnectionName}", readOnly ?? "");
    });

    /// <summary>Runs one statement on the primary, in a transaction of its own.</summary>
    public async Task ExecuteOnPrimaryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Ward A's name as the primary has it now.</summary>
    public async Task<string> WardANameAsync()
    {
        await using var db = App.NewDbContext();
        return await db.Units.Where(u => u.Code == DemoWorld.WardACode).Select(u => u.Name).SingleAsync();
    }

    /// <summary>Renames ward A on the primary only, as nothing in the app does: the name every read below shows.</summary>
    public Task RenameWardAAsync(string name) =>
        ExecuteOnPrimaryAsync("UPDATE units SET name = @n WHERE code = @c", ("n", name), ("c", DemoWorld.WardACode));
}
