namespace HaiLong.Api.Features.Consultations;

/// <summary>A refused attempt to vote a second time: which household, how it had voted, how it tried again, when and by whom.</summary>
public sealed record ConflictLine(string HouseholdCode, string RepresentativeName, VoteChannel ExistingChannel, VoteChannel AttemptedChannel,
    DateTimeOffset At, string? By);

/// <summary>Every refused second-channel attempt of a consultation, for the hamlet head (issue 19, point 3): newest first.</summary>
public static class VotingConflicts
{
    public static async Task<List<ConflictLine>> ListAsync(HaiLongDbContext db, long consultationId, CancellationToken ct) =>
        await (from c in db.ConsultationConflicts.AsNoTracking()
               join r in db.ConsultationRoll on c.RollEntryId equals r.Id
               where c.ConsultationId == consultationId
               orderby c.At descending, c.Id descending
               select new ConflictLine(r.HouseholdCode, r.RepresentativeName, c.ExistingChannel, c.AttemptedChannel, c.At,
                   db.Users.Where(u => u.Id == c.By).Select(u => u.FullName).FirstOrDefault()))
            .ToListAsync(ct);
}
