using HaiLong.Api.Infrastructure.Seeding;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// A small register for the demo hamlet head's residential group (Khu vực Yên Bình, <c>DEMO-92-CR-KV1</c>): 40 households, so the
/// register and a consultation can be tried from the first start. Development only, like the demo year: the test databases'
/// template must keep every hamlet empty (tests count exact registers; KV2 is where they import), and Production never gets
/// invented households. Idempotent: nothing is written when the hamlet already has a household.
/// </summary>
internal sealed class HouseholdDemoSeed(HaiLongDbContext db, IHostEnvironment environment, TimeProvider clock) : IDemoSeed
{
    public const string HamletCode = "DEMO-92-CR-KV1";
    public const int Count = 40;

    private static readonly IReadOnlyList<string> FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Lý"];
    private static readonly IReadOnlyList<string> GivenNames = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thị Hoa", "Văn Khánh", "Ngọc Lan"];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (!environment.IsDevelopment()) return;
        var hamlet = await db.Units.SingleOrDefaultAsync(u => u.Code == HamletCode, ct);
        if (hamlet is null || await db.Households.AnyAsync(h => h.UnitId == hamlet.Id, ct)) return;
        var now = clock.GetUtcNow();
        var registeredOn = VietnamTime.DateOf(now).AddYears(-2);
        db.Households.AddRange(Enumerable.Range(1, Count).Select(i => new Household
        {
            UnitId = hamlet.Id,
            Code = $"KV1-{i:0000}",
            RepresentativeName = $"{FamilyNames[i % FamilyNames.Count]} {GivenNames[i % GivenNames.Count]}",
            Address = $"Số {i * 2}, hẻm {1 + i / 10}, {hamlet.Name}",
            Status = HouseholdStatus.Active,
            RegisteredOn = registeredOn,
            CreatedAt = now,
            UpdatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
    }
}
