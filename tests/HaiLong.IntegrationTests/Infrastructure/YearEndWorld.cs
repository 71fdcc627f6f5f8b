using HaiLong.IntegrationTests.Scorecards;

namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// The world of one year-end fact (<c>*YearEndTests</c>): a database of its own with the clock at
/// <see cref="HaiLongApp.YearEnd"/> (23:59:50 on 31 December, Vietnam time; later by <c>after</c>), the scorecard world
/// written there — so its answers fall on the year's last day — and one demo user signed in. Disposing drops the database.
/// </summary>
public sealed record YearEndWorld(HaiLongApp App, ScorecardWorld Scorecards, HttpClient Client) : IAsyncDisposable
{
    public static async Task<YearEndWorld> StartAsync(string userName, TimeSpan after = default)
    {
        var app = await HaiLongApp.StartAtAsync(HaiLongApp.YearEnd + after);
        try
        {
            return new YearEndWorld(app, await ScorecardWorld.SeedAsync(app), await app.ClientAsAsync(userName));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
