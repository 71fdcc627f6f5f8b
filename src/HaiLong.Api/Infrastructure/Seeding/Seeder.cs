using Microsoft.AspNetCore.Identity;

namespace HaiLong.Api.Infrastructure.Seeding;

/// <summary>Reference data every installation needs (roles, default survey templates) and the Development demo world.</summary>
public sealed class Seeder(
    HaiLongDbContext db,
    RoleManager<IdentityRole<Guid>> roles,
    UserManager<StaffUser> users,
    IEnumerable<IReferenceDataSeed> referenceSeeds,
    IEnumerable<IDemoSeed> demoSeeds,
    TimeProvider clock,
    ILogger<Seeder> logger)
{
    public const string DemoPassword = "HaiLong@2026";

    public async Task SeedReferenceDataAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
        }
        foreach (var seed in referenceSeeds) await seed.SeedAsync(ct);
    }

    /// <summary>
    /// Idempotent: the world once (registry and accounts, in one transaction), then each <see cref="IDemoSeed"/> (the demo
    /// year, Features/Demo), which decides for itself whether it is already there; then the demo sign-ins.
    /// </summary>
    public async Task SeedDemoWorldAsync(CancellationToken ct = default)
    {
        if (!await db.Units.AnyAsync(u => u.Code == DemoWorld.ProvinceCode, ct))
        {
            // All or nothing: a half-seeded world would be skipped on the next start.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await DemoWorld.CreateAsync(db, clock, ct);
            await CreateDemoUsersAsync(ct);
            await transaction.CommitAsync(ct);
        }
        foreach (var seed in demoSeeds) await seed.SeedAsync(ct);
        PrintDemoSignIns();
    }

    private async Task CreateDemoUsersAsync(CancellationToken ct)
    {
        var province = await db.Units.SingleAsync(u => u.Code == DemoWorld.ProvinceCode, ct);
        var wardA = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardACode, ct);
        var hamletA = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardACode + "-KV1", ct);
        foreach (var (userName, fullName, role, unitId) in DemoUsers(province.Id, wardA.Id, hamletA.Id))
        {
            var user = new StaffUser { UserName = userName, FullName = fullName, JurisdictionUnitId = unitId, EmailConfirmed = true };
            var created = await users.CreateAsync(user, DemoPassword);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }
        // Ward A's People's Inspection Board, so the demo inspector can work cases from the first start.
        var inspector = await users.FindByNameAsync("thanhtra.phuong");
        db.InspectionBoards.Add(new InspectionBoard
        {
            UnitId = wardA.Id,
            Name = "Ban Thanh tra nhân dân phường Cái Răng",
            Members = [new InspectionBoardMember { UserId = inspector!.Id }],
        });
        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<(string UserName, string FullName, string Role, int UnitId)> DemoUsers(int provinceId, int wardId,
        int hamletId) =>
    [
        ("quantri", "Quản trị hệ thống", Roles.Administrator, provinceId),
        ("lanhdao.phuong", "Lãnh đạo phường Cái Răng", Roles.WardLeader, wardId),
        ("motcua.phuong", "Cán bộ Bộ phận Một cửa", Roles.ServiceStaff, wardId),
        ("thanhtra.phuong", "Thành viên Ban Thanh tra nhân dân", Roles.Inspector, wardId),
        ("danhgia.phuong", "Cán bộ phụ trách đánh giá, xếp loại", Roles.Evaluator, wardId),
        ("truong.yenbinh", "Trưởng khu vực Yên Bình", Roles.HamletHead, hamletId),
    ];

    private void PrintDemoSignIns()
    {
        // Information, not a warning: nothing is wrong. One entry per account, because the development console prints each
        // entry on one line (a multi-line block became one long line).
        logger.LogInformation("Demo world ready. Staff sign-ins at /staff/login (role, user / password):");
        foreach (var u in DemoUsers(0, 0, 0))
        {
            logger.LogInformation("  {Role,-14} {UserName,-18} / {Password}", u.Role, u.UserName, DemoPassword);
        }
    }

}

/// <summary>A capability's own reference data (e.g. the default survey templates), run on every start; must be idempotent.</summary>
public interface IReferenceDataSeed
{
    Task SeedAsync(CancellationToken ct);
}

/// <summary>Activity for the demo world (Features/Demo), run after it exists on every start that seeds the demo; must be idempotent.</summary>
public interface IDemoSeed
{
    Task SeedAsync(CancellationToken ct);
}
