using System.Diagnostics;
using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Responses;
using HaiLong.Api.Features.Scorecards;
using HaiLong.Api.Infrastructure.Seeding;

namespace HaiLong.Api.Features.Demo;

/// <summary>Size of the demo year (<c>HaiLong:Demo</c>).</summary>
public sealed class DemoOptions
{
    public const string Section = "HaiLong:Demo";

    /// <summary>Survey responses over the twelve months before now; 0 leaves the demo world without activity. Default: 5,000 in
    /// Development (the first start stays under a minute on two cores, docs/DEVELOPING.md "Demo year"), 0 elsewhere.</summary>
    public int? Responses { get; set; }

    /// <summary>Parallel writers (each with its own connection and clock).</summary>
    public int Writers { get; set; } = 3;
}

/// <summary>
/// A year of a ward's life, written by the production code paths with a clock that walks through the year: the service staff
/// issue QR codes (<see cref="InvitationIssuer"/>), citizens answer them (<see cref="SurveyForms"/>, <see cref="AnswerRules"/>,
/// <see cref="SubmissionStore"/> — which also queues the rollups and raises the low-score comments), the rollup job folds and
/// raises the monthly alerts (<see cref="RollupJob"/>), citizens and the reception file petitions (<see cref="CaseFiling"/>) that
/// the inspection board works through (<see cref="CaseWorkflow"/>), and the evaluator computes the year's evaluation
/// (<see cref="EvaluationService"/>, <see cref="EvaluationJob"/>). Nothing is inserted behind those rules' backs.
/// Deterministic: one seeded <see cref="Random"/> plans everything, and each visit has its own seed, so the parallel writers'
/// interleaving changes ids, never contents.
/// </summary>
public sealed class DemoYear(
    IServiceScopeFactory scopes,
    HaiLongDbContext db,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<DemoYear> logger) : IDemoSeed
{
    public const int Steps = 5;

    /// <summary>Enough for every scorecard of the demo ward to show scores a week into a month, few enough for a first start under
    /// a minute (docs/DEVELOPING.md, "Demo year").</summary>
    public const int DevelopmentResponses = 5000;

    /// <summary>Runs with the configured size, once: a demo world that already has responses is left alone. Never in Production.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        var options = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        var size = options.Responses ?? (environment.IsDevelopment() ? DevelopmentResponses : 0);
        if (size <= 0) return;
        if (environment.IsProduction())
        {
            // The demo accounts may be on in Production for a demo server, but invented activity must never mix with real answers.
            logger.LogWarning("Demo: the demo year is never written in Production (HaiLong:Demo:Responses is ignored).");
            return;
        }
        try
        {
            await SeedAsync(size, options.Writers, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A demo database edited by hand (an official ended, a counter closed) may refuse what the plan asks; the app still
            // starts, with whatever part of the year was written.
            logger.LogError(e, "Demo: the demo year could not be written completely. To start afresh, stop the app and delete the embedded data folder.");
        }
    }

    /// <summary>
    /// Writes the year with <paramref name="responses"/> service responses (and ward A's <see cref="DemoPlan.YearlyAnswers"/>
    /// yearly-survey answers) unless the demo wards already have some.
    /// </summary>
    public async Task<bool> SeedAsync(int responses, int writers, CancellationToken ct)
    {
        var world = await DemoCast.LoadAsync(db, ct);
        if (await db.Responses.AnyAsync(r => r.UnitId == world.Wards[0].Id || r.UnitId == world.Wards[1].Id, ct))
        {
            logger.LogInformation("Demo: the demo year is already there.");
            return false;
        }
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var now = clock.GetUtcNow();
        var plan = DemoPlan.Make(world, now, responses);
        logger.LogInformation("Demo: writing a year of activity ({Responses} responses, {Cases} cases) with the clock at {Now:yyyy-MM-dd HH:mm} UTC…",
            plan.Visits.Count, DemoPlan.CaseScripts.Count, now);

        var writer = new DemoWriter(scopes, world, logger);
        logger.LogInformation("Demo: 1/{Steps} counter QR codes", Steps);
        var counterTokens = await writer.IssueCounterQrsAsync(plan.Start.AddDays(-1), ct);
        logger.LogInformation("Demo: 2/{Steps} responses 0/{Total}", Steps, plan.Visits.Count);
        var lowResponses = await writer.RespondAsync(plan, counterTokens, Math.Max(1, writers), ct);
        await writer.YearlySurveyAsync(now, ct);
        logger.LogInformation("Demo: 3/{Steps} scorecards (rollups and monthly low-score alerts) at {Seconds:0} s", Steps, watch.Elapsed.TotalSeconds);
        await writer.FoldAsync(plan.Start, now, ct);
        logger.LogInformation("Demo: 4/{Steps} petitions and complaints ({Cases}) at {Seconds:0} s", Steps, DemoPlan.CaseScripts.Count,
            watch.Elapsed.TotalSeconds);
        await writer.CasesAsync(now, lowResponses, ct);
        logger.LogInformation("Demo: 5/{Steps} evaluation of {Year} at {Seconds:0} s", Steps, DemoPlan.EvaluationYear(now), watch.Elapsed.TotalSeconds);
        await writer.EvaluateAsync(now, ct);
        // The app's CPU beside the wall time: on a shared machine the wall time says more about the neighbours than about the demo.
        logger.LogInformation("Demo: the year is written in {Seconds:0.0} s (the app's CPU: {Cpu:0.0} s).", watch.Elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        return true;
    }
}
