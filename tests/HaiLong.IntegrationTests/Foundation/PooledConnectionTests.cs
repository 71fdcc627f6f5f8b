namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// The app's pool skips Npgsql's reset when a connection returns (DatabaseSetup.AppDataSource): what must still hold is
/// that a transaction left open never reaches the next user of the connection.
/// </summary>
public sealed class PooledConnectionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_connection_returned_inside_a_transaction_comes_back_rolled_back()
    {
        var pool = app.Service<NpgsqlDataSource>();
        var marker = $"test.pool.{Guid.NewGuid():N}";
        int backend;
        await using (var left = await pool.OpenConnectionAsync())
        {
            backend = left.ProcessID;
            _ = await left.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO audit_entries (at, action) VALUES (now(), @a)", left);
            insert.Parameters.AddWithValue("a", marker);
            await insert.ExecuteNonQueryAsync();
        }

        await using var next = await pool.OpenConnectionAsync();
        await using var state = new NpgsqlCommand(
            "SELECT pg_current_xact_id_if_assigned() IS NULL, (SELECT count(*) FROM audit_entries WHERE action = @a)", next);
        state.Parameters.AddWithValue("a", marker);
        await using var reader = await state.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(backend, next.ProcessID);
        Assert.True(reader.GetBoolean(0));
        Assert.Equal(0L, reader.GetInt64(1));
    }
}
