namespace HaiLong.Api.Features.Responses;

/// <summary>A citizen's comment with what it was about, newest first. Citizen-written: always shown escaped.</summary>
public sealed record LatestComment(long ResponseId, DateTimeOffset SubmittedAt, string? UnitName, string? OfficialName, string? ProcedureName,
    short? OverallScore, bool IsGeneralFallback, string Comment);

/// <summary>
/// The one home of "the latest comments": which responses count as commented (a non-empty comment), their order (newest,
/// then the higher id, so a page is stable) and what is shown beside each. The staff comments page and the scorecard's
/// comments differ only in the responses they start from.
/// </summary>
public static class LatestComments
{
    public static Task<List<LatestComment>> ReadAsync(HaiLongDbContext db, IQueryable<Response> responses, int take, CancellationToken ct) =>
        responses.AsNoTracking()
            .Where(r => r.Comment != null && r.Comment != "")
            .OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id)
            .Take(take)
            .Select(r => new LatestComment(r.Id, r.SubmittedAt,
                db.Units.Where(u => u.Id == r.UnitId).Select(u => u.Name).FirstOrDefault(),
                db.Officials.Where(o => o.Id == r.OfficialId).Select(o => o.FullName).FirstOrDefault(),
                db.Procedures.Where(p => p.Id == r.ProcedureId).Select(p => p.Name).FirstOrDefault(),
                r.Answers.Where(a => a.Criterion == Criteria.Overall).Select(a => a.Score).FirstOrDefault(),
                r.IsGeneralFallback,
                r.Comment!))
            .ToListAsync(ct);
}
