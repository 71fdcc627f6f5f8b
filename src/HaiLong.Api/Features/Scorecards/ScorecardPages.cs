using System.Globalization;
using HaiLong.Api.Features.Cases;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>
/// Staff scorecard pages. The overview answers a new ward leader's first questions on one screen: the month's overall score,
/// the weakest criterion and the lowest-rated official, one click from the staff home.
/// </summary>
public static class ScorecardPages
{
    internal static IEndpointRouteBuilder MapScorecardPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/scorecards").ExcludeFromDescription().RequireAuthorization(ScorecardsApi.ReaderPolicy);
        pages.MapGet("/", Index);
        pages.MapGet("/units/{unitId:int}", Overview);
        pages.MapGet("/units/{unitId:int}/procedures", Procedures);
        pages.MapGet("/officials/{officialId:int}", OfficialPage);
        return app;
    }

    private static async Task<IResult> Index(ScorecardReader reader, CancellationToken ct)
    {
        var wards = await reader.VisibleWardsAsync(ct);
        // A ward leader has one ward: take them straight to it.
        if (wards.Count == 1) return Results.Redirect($"/staff/scorecards/units/{wards[0].Id}");
        return new RazorComponentResult<ScorecardIndexPage>(new
        {
            Wards = (IReadOnlyList<ScorecardIndexPage.Ward>)wards.Select(w => new ScorecardIndexPage.Ward(w.Id, w.Name)).ToList(),
        });
    }

    private static async Task<IResult> Overview(int unitId, string? period, string? date, ScorecardReader reader, CaseStatistics caseStatistics,
        TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod(L);
        if (await reader.WardPageAsync(unitId, p, 10, ct) is not { } ward) return NotFoundProblem(L);
        var cases = await caseStatistics.ForUnitAsync(unitId, p.Start, p.Next().Start.AddDays(-1), ct);
        return new RazorComponentResult<ScorecardOverviewPage>(new
        {
            O = ward.Overview, Trend = (IReadOnlyList<TrendPoint>)ward.Trend, Comments = (IReadOnlyList<CommentItem>)ward.Comments, Cases = cases,
            P = p, Today = Period.LocalToday(clock), AsOf = await reader.AsOfAsync(ct),
        });
    }

    private static async Task<IResult> OfficialPage(int officialId, string? period, string? date, ScorecardReader reader, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod(L);
        var o = await reader.OfficialAsync(officialId, p, ct);
        if (o is null) return NotFoundProblem(L);
        return new RazorComponentResult<ScorecardOfficialPage>(new
        {
            O = o, P = p, Today = Period.LocalToday(clock), AsOf = await reader.AsOfAsync(ct),
        });
    }

    private static async Task<IResult> Procedures(int unitId, string? period, string? date, ScorecardReader reader, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod(L);
        var unit = await reader.VisibleUnitAsync(unitId, ct);
        var s = unit is null ? null : await reader.ProceduresAsync(unitId, p, ct);
        if (unit is null || s is null) return NotFoundProblem(L);
        return new RazorComponentResult<ScorecardProceduresPage>(new
        {
            S = s, UnitId = unit.Id, UnitName = unit.Name, P = p, Today = Period.LocalToday(clock), AsOf = await reader.AsOfAsync(ct),
        });
    }

    internal static string Pct(double? x) => x is { } v ? (v * 100).ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + "%" : "—";

    private static IResult NotFoundProblem(IStringLocalizer<StaffResources> L) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: L["Scorecards_NotFoundTitle"], detail: L["Scorecards_NotFound"]);

    private static IResult BadPeriod(IStringLocalizer<StaffResources> L) => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: L["Scorecards_BadPeriodTitle"], detail: L["Scorecards_BadPeriod", ScorecardsApi.PeriodError]);
}
