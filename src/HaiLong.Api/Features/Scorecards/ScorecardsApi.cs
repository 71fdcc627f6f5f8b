using System.ComponentModel;
using Hangfire;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Scorecards;

public sealed record ScorecardUnit(int Id, string Code, string Name);

public static class ScorecardsApi
{

    /// <summary>Ward leaders, administrators, evaluators and inspectors read scorecards, each within their jurisdiction.</summary>
    public const string ReaderPolicy = "ScorecardReader";

    public static readonly IReadOnlyList<string> ReaderRoles = [Roles.WardLeader, Roles.Administrator, Roles.Evaluator, Roles.Inspector];

    public static IServiceCollection AddScorecards(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ScorePolicy>(configuration.GetSection("HaiLong:Scores"));
        services.AddScoped<ScorecardReader>();
        services.AddTransient<RollupJob>();
        services.AddTransient<ReconciliationJob>();
        services.AddSingleton<IRecurringJobSource, ScorecardJobs>();
        services.AddAuthorizationBuilder().AddPolicy(ReaderPolicy, p => p.RequireRole(ReaderRoles));
        AddHomeLink(services);
        return services;
    }

    public static IEndpointRouteBuilder MapScorecards(this IEndpointRouteBuilder app)
    {
        // 404 (outside the jurisdiction) is written as application/problem+json, which NotFound<ProblemDetails> would not do.
        var api = app.MapGroup("/api/scorecards").WithTags("Scorecards").RequireAuthorization(ReaderPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound);
        // Every read here goes through ScorecardReader, which reads from a standby when one is configured.
        var reads = api.MapGroup("").MayReadFromStandby();
        reads.MapGet("/units", ListUnits).WithName("ListScorecardUnits");
        reads.MapGet("/units/{unitId:int}", GetOverview).WithName("GetWardScorecard");
        reads.MapGet("/units/{unitId:int}/officials", GetOfficials).WithName("GetWardOfficialScores");
        reads.MapGet("/units/{unitId:int}/procedures", GetProcedures).WithName("GetProcedureScores");
        reads.MapGet("/units/{unitId:int}/trend", GetTrend).WithName("GetWardTrend");
        reads.MapGet("/units/{unitId:int}/comments", GetComments).WithName("GetWardComments");
        reads.MapGet("/units/{unitId:int}/export", Export).WithName("ExportWardScorecard")
            .ProducesContent(StatusCodes.Status200OK, "The file, CSV or XLSX as format asks", "text/csv", Workbook.ContentType);
        reads.MapGet("/officials/{officialId:int}", GetOfficial).WithName("GetOfficialScorecard");
        reads.MapGet("/officials/{officialId:int}/export", ExportOfficial).WithName("ExportOfficialScorecard")
            .ProducesContent(StatusCodes.Status200OK, "The file, CSV or XLSX as format asks", "text/csv", Workbook.ContentType);
        api.MapPost("/rollups/run", RunRollups).WithName("RunRollups")
            .RequireAuthorization(Policies.Administrator);

        app.MapScorecardPages();
        return app;
    }

    /// <summary>Wards and communes whose scorecard the caller may read</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors. Lists the wards and communes inside the caller's jurisdiction;
    /// changes nothing.
    /// </remarks>
    public static async Task<Ok<ScorecardUnit[]>> ListUnits(ScorecardReader reader, CancellationToken ct) =>
        TypedResults.Ok((await reader.VisibleWardsAsync(ct)).Select(u => new ScorecardUnit(u.Id, u.Code, u.Name)).ToArray());

    /// <summary>Ward overview for a month, quarter or year: overall and per criterion, weakest criterion, officials, rank, alerts</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for a ward in their jurisdiction (404 otherwise). Reads the
    /// period's overall and per-criterion scores (shrunk toward the peer mean, hidden below the minimum number of responses),
    /// the weakest criterion, officials, rank and alerts from the rollups; changes nothing. A bad `period` or `date` is refused
    /// (400).
    /// </remarks>
    public static async Task<Results<Ok<WardOverview>, ProblemHttpResult, ValidationProblem>> GetOverview(int unitId,
        [PeriodQuery, Description("month (default), quarter or year")] string? period,
            [Description("A day inside the period, yyyy-MM-dd (or yyyy-MM); default today")] string? date,
        ScorecardReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        return await reader.OverviewAsync(unitId, p, ct) is { } o ? TypedResults.Ok(o) : TypedResults.Problem(Problems.NotFound("unit", unitId));
    }

    /// <summary>Overall score of each official of the ward</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for a ward in their jurisdiction (404 otherwise). Reads each
    /// official's overall score for the period; changes nothing. A bad `period` or `date` is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<SubjectScore[]>, ProblemHttpResult,
        ValidationProblem>> GetOfficials(int unitId, [PeriodQuery] string? period, string? date,
        ScorecardReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        return await reader.OfficialsAsync(unitId, p, ct) is { } o ? TypedResults.Ok(o) : TypedResults.Problem(Problems.NotFound("unit", unitId));
    }

    /// <summary>Overall score per administrative procedure</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for a ward in their jurisdiction (404 otherwise). Reads the
    /// overall score per administrative procedure for the period, counting only that ward's responses; a bad `period` or `date`
    /// is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<ProcedureScorecard>, ProblemHttpResult,
        ValidationProblem>> GetProcedures(int unitId, [PeriodQuery] string? period, string? date,
        ScorecardReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        return await reader.ProceduresAsync(unitId, p, ct) is { } o ? TypedResults.Ok(o) : TypedResults.Problem(Problems.NotFound("unit", unitId));
    }

    /// <summary>Monthly overall satisfaction over twelve months</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for a ward in their jurisdiction (404 otherwise). Reads monthly
    /// overall satisfaction for the twelve months ending with the period; a bad `period` or `date` is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<WardTrend>, ProblemHttpResult, ValidationProblem>> GetTrend(int unitId, [PeriodQuery] string? period, string? date,
        ScorecardReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        return await reader.TrendAsync(unitId, p, ct) is { } o ? TypedResults.Ok(o) : TypedResults.Problem(Problems.NotFound("unit", unitId));
    }

    /// <summary>Latest citizen comments (góp ý) of the ward</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for a ward in their jurisdiction (404 otherwise). Reads the
    /// latest citizen comments, newest first; `take` outside 1–100 is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<CommentItem[]>, ProblemHttpResult, ValidationProblem>> GetComments(int unitId,
        [Description("How many, 1–100 (default 20)")] int? take, ScorecardReader reader, CancellationToken ct)
    {
        if (take is < 1 or > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["take"] = ["take must be between 1 and 100."] });
        }
        return await reader.CommentsAsync(unitId, take ?? 20, ct) is { } c ? TypedResults.Ok(c) : TypedResults.Problem(Problems.NotFound("unit", unitId));
    }

    /// <summary>An official's scores per criterion and trend</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for an official in their jurisdiction (404 otherwise). Reads
    /// the official's scores per criterion and trend for the period; a bad `period` or `date` is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<OfficialScorecard>, ProblemHttpResult,
        ValidationProblem>> GetOfficial(int officialId, [PeriodQuery] string? period, string? date,
        ScorecardReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (Period.Parse(period, date, clock) is not { } p) return BadPeriod();
        return await reader.OfficialAsync(officialId, p, ct) is { } o ? TypedResults.Ok(o) : TypedResults.Problem(Problems.NotFound("official", officialId));
    }

    /// <summary>A scorecard view as CSV (UTF-8 with BOM) or XLSX</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for a ward in their jurisdiction (404 otherwise). Returns one
    /// view as a CSV (UTF-8 with BOM) or XLSX download, and records the export in the audit log. An unknown `view`, `format`,
    /// `period` or `date` is refused (400).
    /// </remarks>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> Export(int unitId,
        [AllowedValues("overview", "officials", "procedures", "trend", null), Description("overview (default), officials, procedures or trend")] string? view,
        [AllowedValues("csv", "xlsx", null), Description("csv (default) or xlsx")] string? format, [PeriodQuery] string? period, string? date,
        ScorecardReader reader, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        view ??= "overview";
        format ??= "csv";
        if (view is not ("overview" or "officials" or "procedures" or "trend")) errors["view"] = ["view must be overview, officials, procedures or trend."];
        if (format is not ("csv" or "xlsx")) errors["format"] = ["format must be csv or xlsx."];
        var p = Period.Parse(period, date, clock);
        if (p is null) errors["period"] = [PeriodError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var unit = await reader.VisibleUnitAsync(unitId, ct);
        if (unit is null) return TypedResults.Problem(Problems.NotFound("unit", unitId));
        var table = ScorecardExports.WithAsOf(view switch
        {
            "officials" => ScorecardExports.Officials(unit.Name, p!.Value, (await reader.OfficialsAsync(unitId, p.Value, ct))!),
            "procedures" => ScorecardExports.Procedures(unit.Name, (await reader.ProceduresAsync(unitId, p!.Value, ct))!),
            "trend" => ScorecardExports.Trend((await reader.TrendAsync(unitId, p!.Value, ct))!),
            _ => ScorecardExports.Overview((await reader.OverviewAsync(unitId, p!.Value, ct))!),
        }, await reader.AsOfAsync(ct), clock);
        // Exports carry officials' names and scores out of the system: who took which one is kept.
        await audit.RecordAsync("scorecards.exported", "AdministrativeUnit", unit.Id.ToString(),
            new { view, format, period = p.Value.QueryKind, start = p.Value.Start }, ct: ct);
        var name = $"bang-diem-{unit.Code}-{view}-{p.Value.QueryKind}-{p.Value.Start:yyyy-MM-dd}.{format}";
        return format == "xlsx"
            ? TypedResults.File(ScorecardExports.Xlsx(table), Workbook.ContentType, name)
            : TypedResults.File(ScorecardExports.Csv(table), Csv.ContentType, name);
    }

    /// <summary>An official's scorecard as CSV (UTF-8 with BOM) or XLSX</summary>
    /// <remarks>
    /// Ward leaders, administrators, evaluators and inspectors, for an official in their jurisdiction (404 otherwise). Returns
    /// the official's scorecard as a CSV (UTF-8 with BOM) or XLSX download, and records the export in the audit log. An unknown
    /// `format`, `period` or `date` is refused (400).
    /// </remarks>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> ExportOfficial(int officialId,
        [AllowedValues("csv", "xlsx", null), Description("csv (default) or xlsx")] string? format, [PeriodQuery] string? period, string? date,
        ScorecardReader reader, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        format ??= "csv";
        if (format is not ("csv" or "xlsx")) errors["format"] = ["format must be csv or xlsx."];
        var p = Period.Parse(period, date, clock);
        if (p is null) errors["period"] = [PeriodError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var official = await reader.OfficialAsync(officialId, p!.Value, ct);
        if (official is null) return TypedResults.Problem(Problems.NotFound("official", officialId));
        await audit.RecordAsync("scorecards.exported", "Official", official.OfficialId.ToString(),
            new { view = "official", format, period = p.Value.QueryKind, start = p.Value.Start }, ct: ct);
        var table = ScorecardExports.WithAsOf(ScorecardExports.Official(official), await reader.AsOfAsync(ct), clock);
        var name = $"bang-diem-can-bo-{official.StaffCode}-{p.Value.QueryKind}-{p.Value.Start:yyyy-MM-dd}.{format}";
        return format == "xlsx"
            ? TypedResults.File(ScorecardExports.Xlsx(table), Workbook.ContentType, name)
            : TypedResults.File(ScorecardExports.Csv(table), Csv.ContentType, name);
    }

    /// <summary>Enqueue the rollup job now</summary>
    /// <remarks>
    /// Administrators only. Enqueues the rollup job now instead of waiting for its minute and records the request in the audit
    /// log; answers 202 with the job id. Concurrent runs are safe.
    /// </remarks>
    public static async Task<Accepted<RollupRunAccepted>> RunRollups(IBackgroundJobClient jobs, AuditLog audit, CancellationToken ct)
    {
        var id = jobs.Enqueue<RollupJob>(j => j.RunAsync(CancellationToken.None));
        await audit.RecordAsync("scorecards.rollups.run-requested", "HangfireJob", id, ct: ct);
        return TypedResults.Accepted((string?)null, new RollupRunAccepted(id));
    }

    internal const string PeriodError = "period must be month, quarter or year and date a day yyyy-MM-dd (or a month yyyy-MM).";

    private static ValidationProblem BadPeriod() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [PeriodError] });

    internal static IServiceCollection AddHomeLink(IServiceCollection services) =>
        services.AddStaffLink("/staff/scorecards", "Link_Scorecards", ReaderRoles);
}
