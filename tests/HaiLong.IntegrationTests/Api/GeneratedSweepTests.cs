
namespace HaiLong.IntegrationTests.Api;

/// <summary>
/// The property-based sweep (bench/HaiLong.Faults/InputSweep.cs) with a fixed seed, as every role and anonymously: no 5xx,
/// every 4xx a ProblemDetails (citizen pages: a Vietnamese page), and no table changed by a refused request. bench/faults
/// runs the same sweep at 50,000+ requests with a random seed.
/// </summary>
public sealed class GeneratedSweepTests : IClassFixture<GeneratedSweepTests.SweepApp>
{
    public const int Seed = 20261206;
    private readonly SweepApp _app;

    public GeneratedSweepTests(SweepApp app) => _app = app;

    /// <summary>Rate limits raised: the sweep is one client address sending thousands of requests.</summary>
    public sealed class SweepApp : IAsyncLifetime
    {
        public HaiLongApp App { get; } = new HaiLongApp()
            .With("HaiLong:RateLimits:CitizenBurst", "1000000")
            .With("HaiLong:RateLimits:CitizenPerMinute", "1000000")
            .With("HaiLong:RateLimits:SignInPerMinute", "1000000");

        public Task InitializeAsync() => ((IAsyncLifetime)App).InitializeAsync();

        public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
    }

    [Fact]
    public async Task Generated_hostile_requests_as_every_role_are_refused_cleanly_and_change_nothing()
    {
        var app = _app.App;
        var clients = new List<(string, HttpClient)> { ("anonymous", app.AnonymousClient()) };
        foreach (var user in new[] { DemoUsers.Administrator, DemoUsers.WardLeaderA, DemoUsers.ServiceStaffA, DemoUsers.InspectorA, DemoUsers.EvaluatorA })
        {
            clients.Add((user, await app.ClientAsAsync(user)));
        }
        var document = await app.OpenApiDocumentAsync();

        var report = await new InputSweep(document, Seed).RunAsync(clients, app.ConnectionString, count: 3000);

        Assert.True(report.Failures.Count == 0, report.Summary() + "\n" + string.Join("\n", report.Failures.OrderBy(f => f.Contains("→ 5") ? 0 : 1).Take(40)));
        Assert.Equal(6, report.Roles.Count);
        Assert.True(report.Operations.Count >= 80, report.Summary());
        Assert.True(report.CheckedBatches >= 10, report.Summary());
    }

    [Fact]
    public void The_one_rule_refuses_each_class_and_keeps_real_text()
    {
        foreach (var bad in new[] { "a\u0000b", "\u0001", "\u001F", "\u007F", "\u0085", "\uFFFE", "\uFFFF", "\uFDD0", "\uD800", "x\uDC00", "\uD83F\uDFFF" })
        {
            Assert.False(HaiLong.Api.Infrastructure.InputText.IsAcceptable(bad), $"accepted U+{(int)bad[^1]:X4}");
        }
        foreach (var good in new[] { "Nguyễn Thị Ánh", "tab\tand\r\nnewline", "😀 emoji", "<script>", "=SUM(A1)", "" })
        {
            Assert.True(HaiLong.Api.Infrastructure.InputText.IsAcceptable(good), good);
        }
        Assert.Equal("ab😀", HaiLong.Api.Infrastructure.InputText.WithoutRefused("a\u0000\uD800b\uFFFF😀\uD83F\uDFFF"));
    }
}
