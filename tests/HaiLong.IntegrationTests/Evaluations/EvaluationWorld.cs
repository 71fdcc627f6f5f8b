using HaiLong.Api.Features.Evaluations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace HaiLong.IntegrationTests.Evaluations;

/// <summary>
/// Case-handling figures fixed by the test. Tests only: the app registers no implementation; the integrator implements
/// <see cref="ICaseHandlingSource"/> over the cases feature.
/// </summary>
internal sealed class FixedCaseHandlingSource(Dictionary<(SubjectKind, int), CaseHandlingFigures> figures) : ICaseHandlingSource
{
    public Task<IReadOnlyDictionary<(SubjectKind Kind, int Id), CaseHandlingFigures>> GetAsync(
        IReadOnlyCollection<(SubjectKind Kind, int Id)> subjects, int year, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<(SubjectKind Kind, int Id), CaseHandlingFigures>>(
            subjects.Where(figures.ContainsKey).ToDictionary(s => s, s => figures[s]));
}

internal static class EvaluationWorld
{
    public const int EvalYear = 2025;

    public static async Task<int> UnitIdAsync(HaiLongApp app, string code)
    {
        await using var db = app.NewDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    public static async Task<Dictionary<string, int>> OfficialIdsAsync(HaiLongApp app)
    {
        await using var db = app.NewDbContext();
        return await db.Officials.ToDictionaryAsync(o => o.StaffCode, o => o.Id);
    }

    public static async Task<Dictionary<string, int>> AgencyIdsAsync(HaiLongApp app)
    {
        await using var db = app.NewDbContext();
        return await db.Agencies.ToDictionaryAsync(a => a.Code, a => a.Id);
    }

    /// <summary>A rollup row of the overall criterion, as the rollup job would have written it (histogram: dissatisfied as 2, satisfied as 4).</summary>
    public static Rollup Overall(SubjectKind kind, int id, PeriodKind period, DateOnly start, long n, long satisfied) => new()
    {
        SubjectKind = kind, SubjectId = id, PeriodKind = period, PeriodStart = start, Criterion = Criteria.Overall,
        Stats = new()
        {
            Count = n, Score2 = n - satisfied, Score4 = satisfied,
            Sum = 2 * (n - satisfied) + 4 * satisfied, SumSquares = 4 * (n - satisfied) + 16 * satisfied,
        },
    };

    public static Rollup Year(SubjectKind kind, int id, long n, long satisfied, int year = EvalYear) =>
        Overall(kind, id, PeriodKind.Year, new DateOnly(year, 1, 1), n, satisfied);

    public static Rollup Quarter(SubjectKind kind, int id, int quarter, long n, long satisfied, int year = EvalYear) =>
        Overall(kind, id, PeriodKind.Quarter, new DateOnly(year, 3 * (quarter - 1) + 1, 1), n, satisfied);

    public static async Task AddRollupsAsync(HaiLongApp app, params Rollup[] rows)
    {
        await using var db = app.NewDbContext();
        db.Rollups.AddRange(rows);
        await db.SaveChangesAsync();
    }

    /// <summary>Runs the job method directly, as a Hangfire worker would (the server is off in tests).</summary>
    public static async Task RunJobAsync(WebApplicationFactory<Program> factory, long cycleId)
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<EvaluationJob>().ComputeAsync(cycleId, CancellationToken.None);
    }

    public static WebApplicationFactory<Program> WithCases(HaiLongApp app, Dictionary<(SubjectKind, int), CaseHandlingFigures> figures) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ICaseHandlingSource>(new FixedCaseHandlingSource(figures))));

    public static async Task<long> CreateCycleAsync(HttpClient client, int unitId, int year = EvalYear)
    {
        var response = await client.PostAsJsonAsync("/api/evaluations", new { unitId, year });
        response.EnsureSuccessStatusCode();
        var cycle = await response.Content.ReadFromJsonAsync<CycleResponse>(Json);
        return cycle!.Id;
    }

    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static async Task<CycleDetailResponse> GetAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<CycleDetailResponse>($"/api/evaluations/{id}", Json))!;

    public static string WardA => DemoWorld.WardACode;
    public static string WardB => DemoWorld.WardBCode;

    public static HaiLongDbContext Db(HaiLongApp app) => app.NewDbContext();
}
