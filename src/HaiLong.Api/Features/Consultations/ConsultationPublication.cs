namespace HaiLong.Api.Features.Consultations;

/// <summary>A certified consultation as the public sees it: counts only, never a household.</summary>
public sealed record PublishedConsultation(long Id, string Hamlet, string Title, ConsultationKind Kind, DateOnly CertifiedOn,
    ConsultationResultsView Results);

/// <summary>
/// Publication of certified results (issue 19, point 6): on the ward's public page (<c>/cong-khai/{ward}</c>) and as open data
/// (<c>/cong-khai/{ward}/lay-y-kien.csv</c>, beside <c>du-lieu.csv</c>). Only consultations the ward has certified, only the
/// counts per item, choice and channel, the register, the turnout, the threshold and the outcome.
/// </summary>
public static class ConsultationPublication
{
    public const string CsvPath = "lay-y-kien.csv";

    /// <summary>The consultations of the ward's hamlets certified by the ward in <paramref name="year"/> (Vietnam time), newest first.</summary>
    public static async Task<IReadOnlyList<PublishedConsultation>> CertifiedAsync(HaiLongDbContext db, AdministrativeUnit ward, int year,
        CancellationToken ct)
    {
        var from = VietnamTime.StartOf(new DateOnly(year, 1, 1));
        var to = VietnamTime.StartOf(new DateOnly(year + 1, 1, 1));
        var certified = await db.Consultations.AsNoTracking().Include(c => c.Items).Include(c => c.Unit)
            .Where(c => c.Status == ConsultationStatus.Certified && c.Unit.Path.StartsWith(ward.Path))
            .Where(c => c.WardCertifiedAt >= from && c.WardCertifiedAt < to)
            .OrderByDescending(c => c.WardCertifiedAt).ThenByDescending(c => c.Id)
            .ToListAsync(ct);
        var published = new List<PublishedConsultation>();
        foreach (var c in certified)
        {
            published.Add(new(c.Id, c.Unit.Name, c.Title, c.Kind, VietnamTime.DateOf(c.WardCertifiedAt!.Value),
                await ConsultationResults.ComputeAsync(db, c, ct)));
        }
        return published;
    }

    internal static void MapPublication(this IEndpointRouteBuilder app) =>
        app.MapGroup("/cong-khai").WithTags("Disclosure").AllowAnonymous().AsCitizenPages()
            .MapGet("/{unitCode}/" + CsvPath, OpenDataCsv).WithName("GetPublicConsultationResultsCsv")
            .ProducesContent(StatusCodes.Status200OK, "The CSV file", "text/csv").ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>Open-data CSV of a ward's certified consultation results (counts only; UTF-8 with BOM)</summary>
    /// <remarks>
    /// Anonymous. One row per item and choice of every consultation of the ward's hamlets that the ward certified in `year`
    /// (default this year): the register frozen at opening, the households that took part, the threshold, the counts by
    /// channel and the outcome. Nothing about any household. Refuses a year outside 2000–2100 (400) and a code that is not a
    /// ward, commune or town (404).
    /// </remarks>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> OpenDataCsv(string unitCode, int? year,
        HttpContext http, HaiLongDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var y = year ?? VietnamTime.Today(clock).Year;
        if (y is < 2000 or > 2100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["The year must be between 2000 and 2100."] });
        }
        var ward = await db.Units.AsNoTracking().Where(Registry.UnitLevels.IsGrassrootsUnit).SingleOrDefaultAsync(u => u.Code == unitCode, ct);
        if (ward is null) return TypedResults.Problem(Problems.NotFound("ward", unitCode));
        var rows = new List<object?[]>
        {
            new object?[]
            {
                "Mã phường, xã", "Ấp, khu vực", "Mã cuộc lấy ý kiến", "Tiêu đề", "Hình thức", "Ngày phường xác nhận", "Số hộ trong danh sách",
                "Số hộ tham gia", "Ngưỡng thông qua (hộ)", "Nội dung số", "Nội dung", "Ý kiến", "Tại cuộc họp", "Phiếu giấy", "Trực tuyến",
                "Tổng", "Kết quả",
            },
        };
        foreach (var p in await CertifiedAsync(db, ward, y, ct))
        {
            foreach (var item in p.Results.Items)
            {
                rows.AddRange(item.Counts.Select(c => new object?[]
                {
                    ward.Code, p.Hamlet, p.Id, p.Title, KindVi(p.Kind), p.CertifiedOn.ToString("yyyy-MM-dd"), p.Results.RegisteredHouseholds,
                    p.Results.ParticipatingHouseholds, p.Kind == ConsultationKind.Decide ? p.Results.DecisionThreshold : null, item.Position,
                    item.Title, c.Option ?? ChoiceVi(c.Choice), c.Meeting, c.Paper, c.Online, c.Total, OutcomeVi(item.Outcome),
                }));
            }
        }
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.File(Csv.Write(rows), Csv.ContentType, $"lay-y-kien-{ward.Code}-{y}.csv");
    }

    // The open data's own words, fixed like its headers (the staff pages word the same facts from StaffResources).
    private static string KindVi(ConsultationKind kind) => kind == ConsultationKind.Decide ? "Bàn và quyết định" : "Tham gia ý kiến";

    private static string ChoiceVi(short choice) => choice switch
    {
        ConsultationChoices.Agree => "Tán thành",
        ConsultationChoices.Disagree => "Không tán thành",
        _ => "Không biểu quyết",
    };

    private static string OutcomeVi(ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Passed => "Thông qua",
        ItemOutcome.Failed => "Không thông qua",
        _ => "Tổng hợp ý kiến",
    };
}
