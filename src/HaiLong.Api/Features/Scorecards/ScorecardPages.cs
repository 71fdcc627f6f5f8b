using System.Globalization;
using System.Text;
using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Features.Cases;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>
/// Staff scorecard pages. The overview answers a new ward leader's first questions on one screen: the month's overall score,
/// the weakest criterion and the lowest-rated official, one click from the staff home.
/// </summary>
public static class ScorecardPages
{
    private const string Css = """
        main{max-width:60rem}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem}
        .big{font-size:2rem;font-weight:700;margin:.2rem 0}.periods a{margin-right:.6rem}.periods strong{margin-right:.6rem}
        .warn{border-left:6px solid #b3261e}.comment{white-space:pre-wrap;overflow-wrap:anywhere}td.num,th.num{text-align:right}
        """;

    public static IEndpointRouteBuilder MapScorecardPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/scorecards").ExcludeFromDescription().RequireAuthorization(ScorecardsApi.ReaderPolicy);
        pages.MapGet("/", Index);
        pages.MapGet("/units/{unitId:int}", Overview);
        pages.MapGet("/units/{unitId:int}/procedures", Procedures);
        pages.MapGet("/officials/{officialId:int}", OfficialPage);
        return app;
    }

    private static async Task<IResult> Index(HttpContext http, IAntiforgery antiforgery, ScorecardReader reader, CancellationToken ct)
    {
        var wards = await reader.VisibleWardsAsync(ct);
        // A ward leader has one ward: take them straight to it.
        if (wards.Count == 1) return Results.Redirect($"/staff/scorecards/units/{wards[0].Id}");
        var items = wards.Select(w => $"""<li><a href="/staff/scorecards/units/{w.Id}">{E(w.Name)}</a></li>""");
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › Bảng điểm</nav>
            <h1>Bảng điểm mức độ hài lòng</h1>
            <div class="card"><p>Chọn phường, xã:</p><ul>{string.Join("", items)}</ul></div>
            """;
        return Page("Bảng điểm — HaiLong", body, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> Overview(int unitId, string? period, string? date, HttpContext http, IAntiforgery antiforgery,
        ScorecardReader reader, CaseStatistics caseStatistics, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        var o = await reader.OverviewAsync(unitId, p, ct);
        if (o is null) return NotFoundProblem();
        var trend = (await reader.TrendAsync(unitId, p, ct))!;
        var comments = (await reader.CommentsAsync(unitId, 10, ct))!;
        var cases = await caseStatistics.ForUnitAsync(o.UnitId, p.Start, p.Next().Start.AddDays(-1), ct);
        var basePath = $"/staff/scorecards/units/{o.UnitId}";

        var weakest = o.WeakestCriterion is { } w
            ? $"""<p class="big">{Pct(w.Rate)}</p><p><strong>{E(w.Label)}</strong></p><p class="muted">n = {w.N} · {Interval(w)}</p>"""
            : $"<p>{Score.NotEnoughVi} ở mọi tiêu chí (cần ít nhất {o.MinimumToShow} phiếu).</p>";
        var lowest = o.LowestOfficial is { } l
            ? $"""<p class="big">{Pct(l.Rate)}</p><p><a href="/staff/scorecards/officials/{l.Id}?{p.Query}">{E(l.Name)}</a></p><p class="muted">{E(l.Detail)} · n = {l.N}</p>"""
            : $"<p>Chưa có cán bộ nào đủ số phiếu (cần ít nhất {o.MinimumToShow} phiếu).</p>";
        var rank = o.Rank.Rank is { } r
            ? $"""<p class="big">{r}/{o.Rank.Ranked}</p><p class="muted">trong {o.Rank.Peers} phường, xã cùng cấp (điểm xếp hạng {Pct(o.Rank.Shrunk)})</p>"""
            : $"<p>Chưa xếp hạng ({Score.NotEnoughVi}).</p>";
        var alerts = o.Alerts.Length == 0
            ? "<p class=\"muted\">Không có cảnh báo.</p>"
            : "<ul>" + string.Join("", o.Alerts.Select(a => $"""<li>{E(a.Summary)}{(a.Reviewed ? " <span class=\"muted\">(đã xem xét)</span>" : "")}</li>""")) + "</ul>";
        var criteriaRows = string.Join("", new[] { o.Overall }.Concat(o.Criteria).Select(c =>
            $"""<tr><td>{E(c.Label)}</td>{ScoreCells(c.N, c.Rate, c.Mean, c.Low, c.High, c.Enough)}</tr>"""));
        var officialRows = string.Join("", o.Officials.Select(s =>
            $"""<tr><td><a href="/staff/scorecards/officials/{s.Id}?{p.Query}">{E(s.Name)}</a><br><span class="muted">{E(s.Detail)}</span></td>{ScoreCells(s.N, s.Rate, s.Mean, s.Low, s.High, s.Enough)}<td class="num">{(s.Rank is { } k ? k.ToString(CultureInfo.InvariantCulture) : "—")}</td></tr>"""));
        var commentItems = comments.Length == 0
            ? "<p class=\"muted\">Chưa có góp ý.</p>"
            : "<ul>" + string.Join("", comments.Select(c =>
                $"""<li><p class="comment">{E(c.Comment)}</p><p class="muted">{c.SubmittedAt.ToOffset(Period.VietnamOffset):dd/MM/yyyy HH:mm}{(c.OfficialName is null ? "" : " · " + E(c.OfficialName))}{(c.OverallScore is { } sc ? $" · {sc}/5" : "")}</p></li>""")) + "</ul>";

        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › <a href="/staff/scorecards">Bảng điểm</a> › {E(o.UnitName)}</nav>
            <h1>Bảng điểm mức độ hài lòng — {E(o.UnitName)}</h1>
            {PeriodNav(basePath, p, clock)}
            <div class="grid">
            <section class="card" id="overall"><h2>Mức độ hài lòng chung — {E(o.PeriodLabel)}</h2>{Headline(o.Overall, o.MinimumToShow)}</section>
            <section class="card warn" id="weakest-criterion"><h2>Tiêu chí thấp nhất</h2>{weakest}</section>
            <section class="card warn" id="lowest-official"><h2>Cán bộ, công chức có điểm thấp nhất</h2>{lowest}</section>
            <section class="card" id="rank"><h2>Xếp hạng</h2>{rank}</section>
            </div>
            <section class="card" id="alerts"><h2>Cảnh báo điểm thấp</h2>{alerts}</section>
            <section class="card" id="cases"><h2>Giải quyết kiến nghị, phản ánh — {E(o.PeriodLabel)}</h2>{CaseHandling(cases)}</section>
            <section class="card" id="trend"><h2>Xu hướng 12 tháng</h2>{TrendChart.Svg(trend.Months, $"Tỷ lệ hài lòng theo tháng — {o.UnitName}")}</section>
            <section class="card" id="criteria"><h2>Theo tiêu chí — {E(o.PeriodLabel)}</h2>
            <table><thead><tr><th>Tiêu chí</th>{ScoreHeads}</tr></thead><tbody>{criteriaRows}</tbody></table></section>
            <section class="card" id="officials"><h2>Theo cán bộ, công chức — {E(o.PeriodLabel)}</h2>
            <table><thead><tr><th>Cán bộ, công chức</th>{ScoreHeads}<th class="num">Hạng</th></tr></thead><tbody>{officialRows}</tbody></table>
            <p class="muted">Xếp hạng theo điểm đã hiệu chỉnh về mức chung (không xếp hạng khi {Score.NotEnoughVi}: dưới {o.MinimumToShow} phiếu).</p></section>
            <section class="card" id="comments"><h2>Góp ý mới nhất</h2>{commentItems}</section>
            <section class="card" id="more"><h2>Xem thêm và tải về</h2>
            <p><a href="{basePath}/procedures?{p.Query}">Theo thủ tục hành chính</a></p>
            {ExportLinks(o.UnitId, p)}</section>
            """;
        return Page($"Bảng điểm {o.UnitName} — {o.PeriodLabel}", body, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    /// <summary>How the ward answered its citizens' cases in the period: on-time share and median days, for the ward and each agency.</summary>
    private static string CaseHandling(CaseStatisticsResponse? stats)
    {
        if (stats is null || stats.Unit.Filed == 0) return "<p class=\"muted\">Không có đơn nào gửi đến trong kỳ.</p>";
        static string Row(string name, CaseNumbers n) =>
            $"<tr><th scope=\"row\">{E(name)}</th><td>{n.Filed}</td><td>{n.Answered}</td>" +
            $"<td>{(n.OnTimeShare is { } s ? (100 * s).ToString("0.0", Vi) + "%" : "chưa đến hạn")}</td>" +
            $"<td>{(n.MedianDaysToAnswer is { } d ? d.ToString("0.0", Vi) : "—")}</td><td>{n.OverdueOpen}</td></tr>";
        var rows = new StringBuilder(Row(stats.UnitName, stats.Unit));
        foreach (var a in stats.Agencies) rows.Append(Row(a.Name, a.Numbers));
        return $"""
            <table><thead><tr><th scope="col">Đơn vị</th><th scope="col">Số đơn</th><th scope="col">Đã trả lời</th>
            <th scope="col">Tỷ lệ đúng hạn</th><th scope="col">Số ngày trả lời (trung vị)</th><th scope="col">Quá hạn chưa trả lời</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """;
    }

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private static async Task<IResult> OfficialPage(int officialId, string? period, string? date, HttpContext http, IAntiforgery antiforgery,
        ScorecardReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        var o = await reader.OfficialAsync(officialId, p, ct);
        if (o is null) return NotFoundProblem();
        var rows = string.Join("", new[] { o.Overall }.Concat(o.Criteria).Select(c =>
            $"""<tr><td>{E(c.Label)}</td>{ScoreCells(c.N, c.Rate, c.Mean, c.Low, c.High, c.Enough)}</tr>"""));
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › <a href="/staff/scorecards/units/{o.UnitId}?{p.Query}">Bảng điểm</a> › {E(o.FullName)}</nav>
            <h1>{E(o.FullName)}</h1>
            <p class="muted">{E(o.Position)} · {E(o.AgencyName)} · Mã: {E(o.StaffCode)}</p>
            {PeriodNav($"/staff/scorecards/officials/{o.OfficialId}", p, clock)}
            <section class="card" id="overall"><h2>Mức độ hài lòng chung — {E(o.PeriodLabel)}</h2>{Headline(o.Overall, o.MinimumToShow)}</section>
            <section class="card" id="criteria"><h2>Theo tiêu chí</h2>
            <table><thead><tr><th>Tiêu chí</th>{ScoreHeads}</tr></thead><tbody>{rows}</tbody></table></section>
            <section class="card" id="trend"><h2>Xu hướng 12 tháng</h2>{TrendChart.Svg(o.Trend, $"Tỷ lệ hài lòng theo tháng — {o.FullName}")}</section>
            <section class="card"><h2>Tải về</h2><p><a href="/api/scorecards/officials/{o.OfficialId}/export?format=csv&amp;{Amp(p.Query)}">CSV</a> ·
            <a href="/api/scorecards/officials/{o.OfficialId}/export?format=xlsx&amp;{Amp(p.Query)}">Excel (XLSX)</a></p></section>
            """;
        return Page($"{o.FullName} — bảng điểm", body, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> Procedures(int unitId, string? period, string? date, HttpContext http, IAntiforgery antiforgery,
        ScorecardReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        var unit = await reader.VisibleUnitAsync(unitId, ct);
        var s = unit is null ? null : await reader.ProceduresAsync(unitId, p, ct);
        if (unit is null || s is null) return NotFoundProblem();
        var rows = string.Join("", s.Procedures.Select(x =>
            $"""<tr><td>{E(x.Name)}<br><span class="muted">{E(x.Detail)}</span></td>{ScoreCells(x.N, x.Rate, x.Mean, x.Low, x.High, x.Enough)}<td class="num">{(x.Rank is { } k ? k.ToString(CultureInfo.InvariantCulture) : "—")}</td></tr>"""));
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › <a href="/staff/scorecards/units/{unit.Id}?{p.Query}">{E(unit.Name)}</a> › Thủ tục hành chính</nav>
            <h1>Theo thủ tục hành chính — {E(s.PeriodLabel)}</h1>
            {PeriodNav($"/staff/scorecards/units/{unit.Id}/procedures", p, clock)}
            <p class="muted">Phiếu khảo sát tại {E(s.Scope)}.</p>
            <section class="card"><table><thead><tr><th>Thủ tục hành chính</th>{ScoreHeads}<th class="num">Hạng</th></tr></thead><tbody>{rows}</tbody></table></section>
            """;
        return Page($"Thủ tục hành chính — {s.PeriodLabel}", body, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private const string ScoreHeads = """<th class="num">Số phiếu</th><th class="num">Tỷ lệ hài lòng</th><th class="num">Điểm TB</th><th class="num">Khoảng tin cậy 95%</th>""";

    private static string ScoreCells(long n, double? rate, double? mean, double? low, double? high, bool enough) => enough
        ? $"""<td class="num">{n}</td><td class="num">{Pct(rate)}</td><td class="num">{mean:0.00}</td><td class="num">{Pct(low)}–{Pct(high)}</td>"""
        : $"""<td class="num">{n}</td><td colspan="3" class="muted">{Score.NotEnoughVi}</td>""";

    private static string Headline(CriterionScore c, int minimum) => c.Enough
        ? $"""<p class="big">{Pct(c.Rate)}</p><p>Điểm trung bình {c.Mean:0.00}/5 · n = {c.N}</p><p class="muted">Khoảng tin cậy 95%: {Interval(c)}</p>"""
        : $"""<p class="big">{Score.NotEnoughVi}</p><p class="muted">n = {c.N}; cần ít nhất {minimum} phiếu.</p>""";

    private static string Interval(CriterionScore c) => $"{Pct(c.Low)}–{Pct(c.High)}";

    internal static string Pct(double? x) => x is { } v ? (v * 100).ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + "%" : "—";

    private static string PeriodNav(string basePath, Period p, TimeProvider clock)
    {
        var today = Period.LocalToday(clock);
        var sb = new StringBuilder("<nav class=\"card periods\" aria-label=\"Kỳ báo cáo\">");
        sb.Append($"""<a href="{basePath}?{p.Previous().Query}">‹ Kỳ trước</a><strong>{E(p.LabelVi)}</strong><a href="{basePath}?{p.Next().Query}">Kỳ sau ›</a> · """);
        foreach (var kind in new[] { PeriodKind.Month, PeriodKind.Quarter, PeriodKind.Year })
        {
            var q = Period.Containing(kind, kind == p.Kind ? today : p.Start);
            var label = kind switch { PeriodKind.Month => "Theo tháng", PeriodKind.Quarter => "Theo quý", _ => "Theo năm" };
            sb.Append($"""<a href="{basePath}?{q.Query}">{label}</a>""");
        }
        sb.Append("</nav>");
        return sb.ToString();
    }

    private static string ExportLinks(int unitId, Period p)
    {
        var views = new[] { ("overview", "Tổng quan"), ("officials", "Cán bộ, công chức"), ("procedures", "Thủ tục hành chính"), ("trend", "Xu hướng") };
        return "<ul>" + string.Join("", views.Select(v =>
            $"""<li>{v.Item2}: <a href="/api/scorecards/units/{unitId}/export?view={v.Item1}&amp;format=csv&amp;{Amp(p.Query)}">CSV</a> · <a href="/api/scorecards/units/{unitId}/export?view={v.Item1}&amp;format=xlsx&amp;{Amp(p.Query)}">Excel (XLSX)</a></li>""")) + "</ul>";
    }

    private static string Amp(string query) => query.Replace("&", "&amp;");

    private static IResult NotFoundProblem() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy",
        detail: "Không có bảng điểm này trong phạm vi quản lý của bạn.");

    private static IResult BadPeriod() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Kỳ báo cáo không hợp lệ",
        detail: "Kỳ báo cáo phải là tháng (month), quý (quarter) hoặc năm (year); ngày theo dạng yyyy-MM-dd. " + ScorecardsApi.PeriodError);
}
