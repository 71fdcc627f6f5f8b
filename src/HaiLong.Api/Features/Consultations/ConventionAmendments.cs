namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// A certified consultation that amends a community convention and passed makes the convention's next version (issue 19,
/// point 7): numbered after the last, pointing to the consultation, effective from the day the ward certified; the approval
/// decision of the ward People's Committee is recorded on the version later. Called by certification in the same
/// transaction, so a certified result and its version exist together or not at all.
/// </summary>
public static class ConventionAmendments
{
    public static async Task<ConventionVersion?> ApplyAsync(HaiLongDbContext db, Consultation consultation, DateOnly certifiedOn,
        DateTimeOffset now, CancellationToken ct)
    {
        if (consultation.ConventionId is not { } conventionId) return null;
        var last = await db.ConventionVersions.Where(v => v.ConventionId == conventionId)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        var version = new ConventionVersion
        {
            ConventionId = conventionId,
            Number = (last?.Number ?? 0) + 1,
            Summary = consultation.Title,
            Text = last?.Text,
            EffectiveFrom = certifiedOn,
            ConsultationId = consultation.Id,
            CreatedAt = now,
        };
        db.ConventionVersions.Add(version);
        return version;
    }
}
