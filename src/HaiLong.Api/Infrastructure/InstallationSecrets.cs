using System.Security.Cryptography;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>Installation-wide secrets kept in the database: the first replica to ask creates one, every other reads it.</summary>
public sealed class InstallationSecrets(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        INSERT INTO installation_secrets (name, value, created_at) VALUES (@name, @value, now()) ON CONFLICT (name) DO NOTHING;
        SELECT value FROM installation_secrets WHERE name = @name;
        """;

    public async Task<byte[]> GetOrCreateAsync(string name, int bytes = 32, CancellationToken ct = default)
    {
        await using var cmd = Command(name, bytes);
        return (byte[])(await cmd.ExecuteScalarAsync(ct))!;
    }

    public byte[] GetOrCreate(string name, int bytes = 32)
    {
        using var cmd = Command(name, bytes);
        return (byte[])cmd.ExecuteScalar()!;
    }

    private NpgsqlCommand Command(string name, int bytes)
    {
        var cmd = dataSource.CreateCommand(Sql);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("value", RandomNumberGenerator.GetBytes(bytes));
        return cmd;
    }
}
