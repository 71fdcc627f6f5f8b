using HaiLong.Api.Features.Consultations;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>Opening a consultation freezes its register: the denominator cannot change mid-vote (issue 19, point 1).</summary>
public sealed class ConsultationOpeningTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task The_roll_is_the_register_as_it_stood_at_opening_whatever_moves_afterwards()
    {
        var ids = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 121, "OPEN");
        await using (var db = app.NewDbContext())
        {
            var gone = await db.Households.SingleAsync(h => h.Id == ids[0]);
            gone.Status = HouseholdStatus.MovedOut;
            await db.SaveChangesAsync();
        }

        var id = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA2, ConsultationKind.Decide, [("Điều 1", null, false)]);

        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 5, "LATE");
        await using (var db = app.NewDbContext())
        {
            var leaving = await db.Households.SingleAsync(h => h.Id == ids[1]);
            leaving.Status = HouseholdStatus.MovedOut;
            await db.SaveChangesAsync();

            var consultation = await db.Consultations.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal((ConsultationStatus.Open, (int?)120), (consultation.Status, consultation.RegisteredHouseholds));
            var roll = await db.ConsultationRoll.AsNoTracking().Where(r => r.ConsultationId == id).ToListAsync();
            Assert.Equal(120, roll.Count);
            Assert.DoesNotContain(roll, r => r.HouseholdId == ids[0] || r.HouseholdCode.StartsWith("LATE"));
            Assert.Contains(roll, r => r.HouseholdId == ids[1]);
            // Each slip's code is derived again from the ids, and only its hash is stored.
            var codes = app.Service<HouseholdBallotCodes>();
            Assert.All(roll, r => Assert.Equal(HouseholdBallotCodes.Hash(codes.For(id, r.HouseholdId)), r.BallotCodeHash));
            Assert.Equal(120, roll.Select(r => Convert.ToHexString(r.BallotCodeHash)).Distinct().Count());
            Assert.All(roll, r => Assert.Null(r.VotedChannel));
        }
    }
}
