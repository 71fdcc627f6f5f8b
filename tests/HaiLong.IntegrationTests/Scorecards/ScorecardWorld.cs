using HaiLong.Api.Features.Scorecards;

namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>
/// A month of ratings in both demo wards, folded into rollups: in ward A one official is rated well and one badly, a third
/// has too few answers to show, and "kết quả đúng hẹn" (timeliness) is the weakest criterion.
/// </summary>
public sealed record ScorecardWorld(DemoIds Ids, DateOnly LocalDay, int GoodOfficial, int BadOfficial, int FewOfficial)
{
    public const string ScriptComment = "<script>window.__xss=1;alert('xss')</script><img src=x onerror=\"window.__xss=2\">Cán bộ hướng dẫn chưa rõ";
    public const string OfficialComment = "Chị Nhung ở quầy 2 rất nhiệt tình";
    public const string WardBComment = "Góp ý riêng của phường Hưng Phú";

    public string Query => $"period=month&date={LocalDay:yyyy-MM-dd}";

    /// <summary>
    /// The world of a test class whose fixture database outlives each test: the first test writes it, the others read it
    /// back (the officials are those <see cref="SeedAsync"/> uses; the day is the clock's, which the world was written on).
    /// </summary>
    public static async Task<ScorecardWorld> OncePerClassAsync(HaiLongApp app)
    {
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        await using var db = app.NewDbContext();
        return await db.Rollups.AnyAsync()
            ? new ScorecardWorld(ids, Period.LocalToday(app.Clock), ids.OfficialsA[1], ids.OfficialsA[2], ids.OfficialsA[3])
            : await SeedAsync(app);
    }

    public static async Task<ScorecardWorld> SeedAsync(HaiLongApp app)
    {
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        var writer = new ResponseWriter(app.ConnectionString);
        // The world is written at now − i s (i < 40) on the world's clock: just after a Vietnamese midnight that would split
        // it across two days (or months, or years), so the clock first moves on to a minute past midnight.
        var sinceMidnight = app.Clock.GetUtcNow().ToOffset(Period.VietnamOffset).TimeOfDay;
        if (sinceMidnight < TimeSpan.FromMinutes(1)) app.Clock.Advance(TimeSpan.FromMinutes(1) - sinceMidnight);
        var now = app.Clock.GetUtcNow();
        var localDay = Period.LocalToday(app.Clock);
        int good = ids.OfficialsA[1], bad = ids.OfficialsA[2], few = ids.OfficialsA[3];

        Dictionary<string, short?> Scores(short overall, short attitude, short timeliness, short published) => new()
        {
            [Criteria.Overall] = overall,
            [Criteria.OfficialAttitude] = attitude,
            [Criteria.ResultTimeliness] = timeliness,
            [Criteria.ProcedurePublic] = published,
        };
        var specs = new List<ResponseSpec>();
        for (var i = 0; i < 40; i++)
        {
            specs.Add(new ResponseSpec(ids.WardA, now.AddSeconds(-i), Scores((short)(4 + i % 2), 5, 2, 4), ids.CentreA, good, ids.Procedures[0],
                Comment: i == 0 ? OfficialComment : null));
            specs.Add(new ResponseSpec(ids.WardA, now.AddSeconds(-i), Scores((short)(1 + i % 2), 2, 1, 4), ids.CentreA, bad, ids.Procedures[1],
                Comment: i == 0 ? ScriptComment : null));
        }
        for (var i = 0; i < 5; i++) specs.Add(new ResponseSpec(ids.WardA, now.AddSeconds(-i), Scores(5, 5, 5, 5), ids.CentreA, few));
        for (var i = 0; i < 35; i++)
        {
            specs.Add(new ResponseSpec(ids.WardB, now.AddSeconds(-i), Scores(4, 4, 4, 4), ids.CentreB, ids.OfficialsB[1], ids.Procedures[0],
                Comment: i == 0 ? WardBComment : null));
        }
        await writer.InsertManyAsync(specs);
        await app.Services.CreateScope().ServiceProvider.GetRequiredService<RollupJob>().RunAsync(CancellationToken.None);
        return new ScorecardWorld(ids, localDay, good, bad, few);
    }
}
