using HaiLong.Api.Features.Consultations;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// Households and consultations written straight into the database, for tests of one part of the consultations that need the
/// others' results as their starting point (a journey test goes through the pages instead). Ward A's residential group
/// Khu vực Yên Bình (<see cref="HamletA"/>) has a demo hamlet head, <see cref="DemoUsers.HamletHeadA"/>.
/// </summary>
public static class HamletWorld
{
    public const string HamletA = "DEMO-92-CR-KV1";
    public const string HamletA2 = "DEMO-92-CR-KV2";
    public const string HamletB = "DEMO-92-HP-KV4"; // Ấp Phú Quới, ward B

    /// <summary>Adds <paramref name="count"/> active households to a hamlet; codes are <paramref name="prefix"/>0001, 0002, …</summary>
    public static async Task<long[]> AddHouseholdsAsync(HaiLongApp app, string unitCode, int count, string prefix = "HG")
    {
        await using var db = app.NewDbContext();
        var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
        var now = app.Clock.GetUtcNow();
        var households = Enumerable.Range(1, count).Select(i => new Household
        {
            UnitId = unit.Id,
            Code = $"{prefix}{i:0000}",
            RepresentativeName = $"Đại diện hộ {prefix}{i:0000}",
            Address = $"Số {i}, {unit.Name}",
            Status = HouseholdStatus.Active,
            RegisteredOn = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-1),
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.Households.AddRange(households);
        await db.SaveChangesAsync();
        return [.. households.Select(h => h.Id)];
    }

    /// <summary>
    /// A consultation of the hamlet's households, opened (its register frozen) unless <paramref name="open"/> is false. Each
    /// item is a title; an item with options is a choice item. Returns the consultation's id.
    /// </summary>
    public static async Task<long> AddConsultationAsync(HaiLongApp app, string unitCode, ConsultationKind kind,
        (string Title, string[]? Options, bool Secret)[] items, bool open = true, DateTimeOffset? meetingAt = null,
        bool paperBallots = true, DateTimeOffset? onlineOpensAt = null, DateTimeOffset? onlineClosesAt = null)
    {
        await using var db = app.NewDbContext();
        var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
        var now = app.Clock.GetUtcNow();
        var consultation = new Consultation
        {
            UnitId = unit.Id,
            Title = $"Lấy ý kiến hộ gia đình {unit.Name}",
            Kind = kind,
            Status = ConsultationStatus.Draft,
            PolicyVersion = 1,
            MeetingAt = meetingAt,
            MeetingPlace = meetingAt is null ? null : $"Nhà văn hóa {unit.Name}",
            PaperBallots = paperBallots,
            OnlineOpensAt = onlineOpensAt,
            OnlineClosesAt = onlineClosesAt,
            CreatedAt = now,
            Items = [.. items.Select((item, i) => new ConsultationItem
            {
                Position = i + 1,
                Title = item.Title,
                Kind = item.Options is null ? ConsultationItemKind.Approve : ConsultationItemKind.Choice,
                Options = [.. item.Options ?? []],
                Secret = item.Secret,
            })],
        };
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync();
        if (open)
        {
            await ConsultationOpening.OpenAsync(db, consultation, app.Service<HouseholdBallotCodes>(), now, CancellationToken.None);
            await db.SaveChangesAsync();
        }
        return consultation.Id;
    }

    /// <summary>
    /// A hamlet head for a hamlet the demo gives none (Khu vực Yên Thạnh), written as the seeder writes the demo's: with a
    /// password of their own, so the first sign-in is not sent to change it.
    /// </summary>
    public static async Task<string> AddHamletHeadAsync(HaiLongApp app, string unitCode, string userName)
    {
        await using var db = app.NewDbContext();
        if (await db.Users.AnyAsync(u => u.UserName == userName)) return userName;
        var unit = await db.Units.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName, FullName = $"Trưởng {unitCode}", JurisdictionUnitId = unit };
        Assert.True((await users.CreateAsync(user, Seeder.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.HamletHead)).Succeeded);
        return userName;
    }

    /// <summary>The slip code of a household in a consultation, as printed (canonical, without dashes).</summary>
    public static string SlipCode(HaiLongApp app, long consultationId, long householdId) =>
        app.Service<HouseholdBallotCodes>().For(consultationId, householdId);
}
