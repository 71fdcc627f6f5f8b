using System.Globalization;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// A certified consultation that amends a community convention and passed makes the convention's next version (issue 19,
/// point 7): numbered after the last, pointing to the consultation, effective from the day the ward certified; the approval
/// decision of the ward People's Committee is recorded on the version later (<see cref="ConventionRegister.RecordDecisionAsync"/>).
/// Called by certification in the same transaction, so a certified result and its version exist together or not at all.
/// </summary>
public static class ConventionAmendments
{
    public static async Task<ConventionVersion?> ApplyAsync(HaiLongDbContext db, Consultation consultation, DateOnly certifiedOn,
        DateTimeOffset now, CancellationToken ct)
    {
        if (consultation.ConventionId is not { } conventionId) return null;
        var last = await db.ConventionVersions.Where(v => v.ConventionId == conventionId)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        // Certification calls this only when every item passed, so the version names them all.
        var items = consultation.Items.Count > 0
            ? [.. consultation.Items.OrderBy(i => i.Position).Select(i => i.Title)]
            : await db.ConsultationItems.Where(i => i.ConsultationId == consultation.Id).OrderBy(i => i.Position).Select(i => i.Title).ToListAsync(ct);
        var version = new ConventionVersion
        {
            ConventionId = conventionId,
            Number = (last?.Number ?? 0) + 1,
            Summary = Summary(consultation, items, certifiedOn),
            // The amended clauses are in the consultation's items and documents; the register keeps the text as it stood until
            // someone writes the consolidated one with the ward's decision.
            Text = last?.Text,
            EffectiveFrom = certifiedOn,
            ConsultationId = consultation.Id,
            CreatedAt = now,
        };
        db.ConventionVersions.Add(version);
        return version;
    }

    /// <summary>The version's summary: the consultation, the day it was certified and the items the households passed.</summary>
    public static string Summary(Consultation consultation, IReadOnlyList<string> passedItems, DateOnly certifiedOn)
    {
        var head = string.Create(CultureInfo.InvariantCulture,
            $"Sửa đổi, bổ sung do hộ gia đình biểu quyết thông qua: cuộc lấy ý kiến số {consultation.Id} «{consultation.Title}», "
            + $"kết quả chứng nhận ngày {certifiedOn:dd/MM/yyyy}. Các nội dung được thông qua: ");
        var items = string.Join("; ", passedItems.Select((title, i) => $"{i + 1}. {title}"));
        var summary = head + items + ".";
        return summary.Length <= Limits.Comment ? summary : summary[..(Limits.Comment - 1)] + "…";
    }
}
