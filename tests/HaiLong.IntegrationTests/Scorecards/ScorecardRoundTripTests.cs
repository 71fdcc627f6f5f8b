using System.Data.Common;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>
/// The ward scorecard page is the page a leader opens most: it loads the ward once and reads every rollup it shows in one
/// query. It had made about seventeen round trips, loading the same ward four times; now eight for the scores (the user's
/// jurisdiction, the ward, its officials, its peers, the rollups, alerts, trend, comments), one for where the yearly survey's
/// answers came from (slips or the open QR: not in the rollups, issue 18) and four for the case table.
/// </summary>
public sealed class ScorecardRoundTripTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task The_ward_scorecard_page_reads_the_database_in_at_most_thirteen_round_trips()
    {
        var counter = new CommandCounter();
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureDbContext<HaiLongDbContext>((_, o) => o.AddInterceptors(counter))));
        var client = host.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await StaffBrowser.SignInAsync(client, DemoUsers.WardLeaderA)).StatusCode);
        var wardA = (await DemoIds.LoadAsync(app.ConnectionString)).WardA;

        counter.Reset();
        var page = await client.GetAsync($"/staff/scorecards/units/{wardA}?period=year");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(counter.Count is >= 1 and <= 13, $"{counter.Count} round trips:\n" + string.Join("\n", counter.Texts));
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        /// <summary>The start of each command, for the failure message.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<string> Texts { get; } = new();

        public int Count => _count;

        public void Reset()
        {
            Interlocked.Exchange(ref _count, 0);
            Texts.Clear();
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            Texts.Enqueue(command.CommandText.ReplaceLineEndings(" ")[..Math.Min(150, command.CommandText.Length)]);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
