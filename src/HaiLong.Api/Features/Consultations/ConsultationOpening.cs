namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// The one home of "opening freezes the register": every household of the hamlet that is active at that moment is copied into
/// the consultation's roll with its slip code's hash, and their number becomes the denominator of every threshold. A
/// household that moves in, out, merges or splits afterwards changes the register, never this roll.
/// </summary>
public static class ConsultationOpening
{
    public static async Task OpenAsync(HaiLongDbContext db, Consultation consultation, HouseholdBallotCodes codes, DateTimeOffset now,
        CancellationToken ct)
    {
        if (consultation.Status != ConsultationStatus.Draft)
        {
            throw new InvalidOperationException($"Consultation {consultation.Id} is {consultation.Status}, not a draft.");
        }
        var households = await db.Households.AsNoTracking()
            .Where(h => h.UnitId == consultation.UnitId && h.Status == HouseholdStatus.Active)
            .OrderBy(h => h.Code)
            .Select(h => new { h.Id, h.Code, h.RepresentativeName, h.Address })
            .ToListAsync(ct);
        foreach (var h in households)
        {
            db.ConsultationRoll.Add(new ConsultationRollEntry
            {
                ConsultationId = consultation.Id,
                HouseholdId = h.Id,
                HouseholdCode = h.Code,
                RepresentativeName = h.RepresentativeName,
                Address = h.Address,
                BallotCodeHash = HouseholdBallotCodes.Hash(codes.For(consultation.Id, h.Id)),
            });
        }
        consultation.RegisteredHouseholds = households.Count;
        consultation.Status = ConsultationStatus.Open;
        consultation.OpenedAt = now;
    }
}
