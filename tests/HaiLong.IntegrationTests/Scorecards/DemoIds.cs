using Dapper;

namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>Ids of the seeded demo world the scorecard tests rate.</summary>
public sealed record DemoIds(int ProvinceId, int WardA, int WardB, int[] OfficialsA, int[] OfficialsB, int CentreA, int CentreB, int[] Procedures)
{
    public static async Task<DemoIds> LoadAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        Task<int> Unit(string code) => conn.ExecuteScalarAsync<int>("SELECT id FROM units WHERE code = @code", new { code });
        Task<int> Centre(string ward) => conn.ExecuteScalarAsync<int>("SELECT id FROM agencies WHERE code = @code", new { code = $"{ward}-TTPVHCC" });
        async Task<int[]> OfficialsOf(string code) => [.. await conn.QueryAsync<int>("""
            SELECT o.id FROM officials o JOIN agencies a ON a.id = o.agency_id JOIN units u ON u.id = a.unit_id
            WHERE u.code = @code AND a.kind = 'ServiceCentre' ORDER BY o.staff_code
            """, new { code })];
        return new DemoIds(
            await Unit(DemoWorld.ProvinceCode), await Unit(DemoWorld.WardACode), await Unit(DemoWorld.WardBCode),
            await OfficialsOf(DemoWorld.WardACode), await OfficialsOf(DemoWorld.WardBCode),
            await Centre(DemoWorld.WardACode), await Centre(DemoWorld.WardBCode),
            [.. await conn.QueryAsync<int>("SELECT id FROM procedures ORDER BY code")]);
    }
}
