using HaiLong.Api.Features.Registry;
using HaiLong.Api.Features.Scorecards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Disclosure;

public sealed record DisclosureQuarter(int Quarter, DateOnly PeriodStart, CriterionScore[] Criteria);

/// <summary>
/// Công khai: a ward's published results by quarter. Ward-level rollups only — no per-official numbers, no comments, nothing
/// personal — anonymous, briefly cacheable, and embeddable in the ward's own portal.
/// </summary>
public static class DisclosureApi
{
    public static IEndpointRouteBuilder MapDisclosure(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/cong-khai").WithTags("Disclosure").AllowAnonymous().AsCitizenPages();
        pages.MapGet("/{unitCode}", PublicPage).WithName("GetPublicWardResults")
            .ProducesContent(StatusCodes.Status200OK, "The page", "text/html").ProducesProblem(StatusCodes.Status404NotFound)
            .MayReadFromStandby();
        pages.MapGet("/{unitCode}/du-lieu.csv", OpenDataCsv).WithName("GetPublicWardResultsCsv")
            .ProducesContent(StatusCodes.Status200OK, "The CSV file", "text/csv").ProducesProblem(StatusCodes.Status404NotFound)
            .MayReadFromStandby();
        return app;
    }

    /// <summary>Public page (công khai) of a ward's results by quarter; embeddable in the ward's portal</summary>
    /// <remarks>
    /// Anonymous. The ward's published satisfaction rates by quarter of `year` (default this year) as an HTML page that any
    /// site may frame; rates below the minimum number of responses are not shown. Refuses a year outside 2000–2100 (400) and a
    /// code that is not a ward, commune or town (404).
    /// </remarks>
    public static async Task<Results<RazorComponentResult<PublicResultsPage>, ProblemHttpResult, ValidationProblem>> PublicPage(string unitCode,
        int? year, HttpContext http, ReplicaReads replica, IOptions<ScorePolicy> policy, TimeProvider clock, IConfiguration configuration,
        CancellationToken ct)
    {
        var y = year ?? Period.LocalToday(clock).Year;
        if (y is < 2000 or > 2100) return BadYear();
        // Published results may be a little stale: a standby when one is configured, and the page says how fresh.
        var asOf = await replica.AsOfAsync(ct);
        var db = replica.Db;
        var unit = await WardAsync(db, unitCode, ct);
        if (unit is null) return NotFound(unitCode);
        var quarters = await QuartersAsync(db, unit.Id, y, policy.Value.MinimumToShow, ct);

        var keys = quarters.SelectMany(q => q.Criteria).Select(c => c.Criterion).Distinct()
            .OrderBy(k => k == Criteria.Overall ? 0 : 1).ThenBy(k => Criteria.LabelsVi.Keys.ToList().IndexOf(k)).ToList();
        if (!keys.Contains(Criteria.Overall)) keys.Insert(0, Criteria.Overall);
        Cacheable(http);
        // This page alone may be framed by the ward's portal; everything else keeps frame-ancestors 'none'. Its one stylesheet is
        // the citizen layout's, served from this site.
        var ancestors = configuration["HaiLong:Disclosure:FrameAncestors"] is { Length: > 0 } a ? a : "*";
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors {ancestors}; form-action 'self'; base-uri 'none'";
        return new RazorComponentResult<PublicResultsPage>(new
        {
            Unit = unit, Year = y, Quarters = (IReadOnlyList<DisclosureQuarter>)quarters, Keys = (IReadOnlyList<string>)keys,
            policy.Value.MinimumToShow, AsOf = asOf,
            // Issue 19: the certified results of the ward's hamlet consultations, counts only.
            Consultations = await Consultations.ConsultationPublication.CertifiedAsync(db, unit, y, ct),
        });
    }

    /// <summary>Open-data CSV of a ward's results by quarter (UTF-8 with BOM)</summary>
    /// <remarks>
    /// Anonymous. The same published results as open data: CSV, UTF-8 with BOM, one row per quarter and criterion. Refuses a
    /// year outside 2000–2100 (400) and a code that is not a ward, commune or town (404).
    /// </remarks>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> OpenDataCsv(string unitCode, int? year,
        HttpContext http, ReplicaReads replica, IOptions<ScorePolicy> policy, TimeProvider clock, CancellationToken ct)
    {
        var y = year ?? Period.LocalToday(clock).Year;
        if (y is < 2000 or > 2100) return BadYear();
        // As the page: from a standby when configured; the response's X-Data-As-Of says how fresh (a CSV has no place for words).
        await replica.AsOfAsync(ct);
        var db = replica.Db;
        var unit = await WardAsync(db, unitCode, ct);
        if (unit is null) return NotFound(unitCode);
        var quarters = await QuartersAsync(db, unit.Id, y, policy.Value.MinimumToShow, ct);
        var table = new ExportTable($"{unit.Name} {y}",
            ["Mã đơn vị", "Đơn vị", "Năm", "Quý", "Mã tiêu chí", "Tiêu chí", "Số phiếu", "Tỷ lệ hài lòng (%)", "Điểm trung bình",
                "Khoảng tin cậy 95% - thấp (%)", "Khoảng tin cậy 95% - cao (%)", "Ghi chú"],
            [.. quarters.SelectMany(q => q.Criteria.Select(c => new object?[]
            {
                unit.Code, unit.Name, y, q.Quarter, c.Criterion, c.Label, c.N, P(c.Rate), c.Mean is { } m ? Math.Round(m, 2) : null,
                P(c.Low), P(c.High), c.Enough ? null : Score.NotEnoughVi,
            }))]);
        Cacheable(http);
        return TypedResults.File(ScorecardExports.Csv(table), Csv.ContentType, $"cong-khai-{unit.Code}-{y}.csv");
    }

    private static double? P(double? x) => x is { } v ? Math.Round(v * 100, 1) : null;

    private static void Cacheable(HttpContext http) => http.Response.Headers.CacheControl = "public, max-age=300";

    private static Task<AdministrativeUnit?> WardAsync(HaiLongDbContext db, string code, CancellationToken ct) =>
        db.Units.AsNoTracking().Where(UnitLevels.IsGrassrootsUnit).SingleOrDefaultAsync(u => u.Code == code, ct);

    private static async Task<DisclosureQuarter[]> QuartersAsync(HaiLongDbContext db, int unitId, int year, int minimum, CancellationToken ct)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 10, 1);
        var rollups = await db.Rollups.AsNoTracking()
            .Where(r => r.SubjectKind == SubjectKind.Unit && r.SubjectId == unitId && r.PeriodKind == PeriodKind.Quarter
                        && r.PeriodStart >= first && r.PeriodStart <= last)
            .ToListAsync(ct);
        return Enumerable.Range(0, 4).Select(i =>
        {
            var start = first.AddMonths(3 * i);
            var criteria = rollups.Where(r => r.PeriodStart == start).Select(r =>
            {
                var s = Scores.Of(Tally.From(r.Stats), minimum);
                return new CriterionScore(r.Criterion, Criteria.LabelsVi.GetValueOrDefault(r.Criterion, r.Criterion), s.N,
                    s.Rate, s.Mean, s.Low, s.High, s.Enough);
            }).ToArray();
            return new DisclosureQuarter(i + 1, start, criteria);
        }).ToArray();
    }

    private static ProblemHttpResult NotFound(string code) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Không tìm thấy phường, xã",
        Detail = $"Không có phường, xã nào có mã \"{code}\".",
    });

    private static ValidationProblem BadYear() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["year"] = ["Năm không hợp lệ (2000–2100)."] }, title: "Năm không hợp lệ");
}
