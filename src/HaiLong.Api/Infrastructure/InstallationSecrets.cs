using System.Security.Cryptography;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>Installation-wide secrets kept in the database: the first replica to ask creates one, every other reads it.</summary>
public sealed class InstallationSecrets(NpgsqlDataSource dataSource)
{
    public byte[] GetOrCreate(string name, int bytes = 32)
    {
        using var cmd = dataSource.CreateCommand("""
            INSERT INTO installation_secrets (name, value, created_at) VALUES (@name, @value, now()) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM installation_secrets WHERE name = @name;
            """);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("value", RandomNumberGenerator.GetBytes(bytes));
        return (byte[])cmd.ExecuteScalar()!;
    }
}
