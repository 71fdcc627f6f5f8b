using System.Net.Http.Headers;
using HaiLong.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app on its own real PostgreSQL database (a copy of the seeded template). Use as a class fixture; tests that
/// need a browser call <see cref="StartServer"/> to serve on a real loopback port.
/// The host's <see cref="TimeProvider"/> is <see cref="Clock"/>, a <see cref="FakeTimeProvider"/>: a world sets it once
/// (<see cref="StartingAt"/>, before the host is built) and writes its data relative to it, so no test depends on the
/// hour the suite happens to run.
/// </summary>
public sealed class HaiLongApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new();
    private string? _connectionString;
    private bool _ownsDatabase;
    private bool _hostConfigured;
    private bool _disposed;

    /// <summary>
    /// The clock of this world. It starts at the real time when the fixture is made unless <see cref="StartingAt"/> says
    /// otherwise, and moves one microsecond per reading so that successive events keep their order as with a real clock;
    /// tests move it further with <c>Advance</c> or <c>SetUtcNow</c>.
    /// </summary>
    public FakeTimeProvider Clock { get; private set; } = NewClock(TimeProvider.System.GetUtcNow());

    /// <summary>23:59:50 on 31 December, Vietnam time: ten seconds before every day, month, quarter and year period ends.</summary>
    public static readonly DateTimeOffset YearEnd = new(2026, 12, 31, 23, 59, 50, TimeSpan.FromHours(7));

    private static FakeTimeProvider NewClock(DateTimeOffset start) => new(start.ToUniversalTime()) { AutoAdvanceAmount = TimeSpan.FromMicroseconds(1) };

    public HaiLongApp() { }

    /// <summary>For the template bootstrap: run against an existing database.</summary>
    internal HaiLongApp(string connectionString) => _connectionString = connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>
    /// Override a configuration value before the host starts (e.g. a policy or a rate limit). Once the host is built a new
    /// value would be silently ignored, so that throws; repeating the value the host was built with (a test class's
    /// constructor runs once per test) is fine.
    /// </summary>
    public HaiLongApp With(string key, string? value)
    {
        if (_hostConfigured && !(_settings.TryGetValue(key, out var current) && current == value))
        {
            throw new InvalidOperationException($"The host is already built; '{key}' can no longer change. Set it before the first request.");
        }
        _settings[key] = value;
        return this;
    }

    /// <summary>Starts this world's clock at <paramref name="start"/>; only before the host is built, as the host keeps its clock.</summary>
    public HaiLongApp StartingAt(DateTimeOffset start)
    {
        if (_hostConfigured) throw new InvalidOperationException("The host is already built with its clock; set the start before the first request.");
        Clock = NewClock(start);
        return this;
    }

    /// <summary>
    /// A second host on the same database with a clock of its own, for tests that must start earlier than this world's
    /// clock (a fake clock never goes back) or move time in steps: each test class instance gets a fresh one. Give the clock
    /// UTC instants (<c>ToUniversalTime()</c>): FakeTimeProvider keeps the offset it is given, and the database refuses others.
    /// </summary>
    public WebApplicationFactory<Program> WithClock(FakeTimeProvider clock) =>
        WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));

    /// <summary>A world of its own at <paramref name="start"/> (a fresh database copy), for a test that needs one clock.</summary>
    public static async Task<HaiLongApp> StartAtAsync(DateTimeOffset start)
    {
        var app = new HaiLongApp().StartingAt(start);
        await app.InitializeAsync();
        return app;
    }

    public async Task InitializeAsync()
    {
        _connectionString = await TestCluster.CreateDatabaseAsync();
        _ownsDatabase = true;
    }

    internal Task StartAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Stops the host and drops the world's database (also for <c>await using</c> of <see cref="StartAtAsync"/>).</summary>
    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await base.DisposeAsync();
        if (_ownsDatabase) await TestCluster.DropDatabaseAsync(ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _hostConfigured = true;
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:HaiLong", ConnectionString);
        // The template's own start seeded the demo world (as a Development start does); a copy has it already, and checking
        // it again was about a fifth of every host's start (docs/DEVELOPING.md, "Keeping the suite fast").
        builder.UseSetting("HaiLong:SeedDemo", _ownsDatabase ? "false" : "true");
        builder.UseSetting("HaiLong:RequireHttps", "false");
        builder.UseSetting("HaiLong:Hangfire:Server", "false");
        builder.UseSetting("HaiLong:RateLimits:SignInPerMinute", "1000");
        // A copy of the template is migrated already (the template's own start ran the migrations, as production start-up
        // does); checking again cost every host about as much CPU as the rest of its start (docs/DEVELOPING.md).
        if (_ownsDatabase) builder.UseSetting("HaiLong:Database:Migrate", "false");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>Serves the app on a real loopback port (for a browser) and returns its base address.</summary>
    public Uri StartLoopbackServer()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://localhost", "://127.0.0.1")
            .Replace("://[::1]", "://127.0.0.1"));
    }

    public HaiLongDbContext NewDbContext()
    {
        var options = new DbContextOptionsBuilder<HaiLongDbContext>().UseHaiLongPostgres(ConnectionString).Options;
        return new HaiLongDbContext(options);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>An API client signed in with a bearer token as the given demo user.</summary>
    public Task<HttpClient> ClientAsAsync(string userName, string password = Seeder.DemoPassword) => ClientAsAsync(this, userName, password);

    /// <summary>The same for another host of a world (<see cref="WithClock"/>, a host with other settings).</summary>
    public static async Task<HttpClient> ClientAsAsync(WebApplicationFactory<Program> host, string userName, string password = Seeder.DemoPassword)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>The API's OpenAPI document as anyone may read it.</summary>
    public async Task<System.Text.Json.Nodes.JsonNode> OpenApiDocumentAsync() =>
        System.Text.Json.Nodes.JsonNode.Parse(await AnonymousClient().GetStringAsync("/openapi/v1.json"))!;

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>An anonymous client asking for pages (<c>Accept: text/html</c>) as a browser does, in a language if given.</summary>
    public HttpClient PageClient(string? acceptLanguage = null)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        if (acceptLanguage is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return client;
    }

    private sealed record TokenBody(string AccessToken);
}

/// <summary>Demo users seeded in every test database (see Seeder).</summary>
public static class DemoUsers
{
    public const string Administrator = "quantri";
    public const string WardLeaderA = "lanhdao.phuong";
    public const string ServiceStaffA = "motcua.phuong";
    public const string InspectorA = "thanhtra.phuong";
    public const string EvaluatorA = "danhgia.phuong";
    /// <summary>Head of ward A's residential group Khu vực Yên Bình (code DEMO-92-CR-KV1).</summary>
    public const string HamletHeadA = "truong.yenbinh";
}
