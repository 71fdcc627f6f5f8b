using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaiLong.Bench;

/// <summary>
/// The app as it runs in production: a Release publish started as its own process against the bench database, bound to
/// 127.0.0.1 only, citizen rate limits raised (a load generator is one client address) and the Hangfire server off (so the
/// rollup job does not compete with the load being measured). Disposing stops it.
/// </summary>
public sealed class AppUnderTest : IAsyncDisposable
{
    /// <summary>Where the app is published (--publish-folder): one per engineer when several bench the same machine.</summary>
    public static string PublishFolder { get; set; } = "/tmp/hailong-perf-app";

    /// <summary>Extra environment of the app process (--app-env K=V, repeatable): runtime knobs such as DOTNET_gcServer.</summary>
    public static Dictionary<string, string> ExtraEnvironment { get; } = [];
    public const string BenchUser = "bench.admin";
    public const string BenchPassword = "Bench@HaiLong2026";

    private readonly Process _process;

    private AppUnderTest(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Pid => _process.Id;

    /// <summary>Publishes src/HaiLong.Api in Release once (again with <paramref name="republish"/>).</summary>
    public static async Task PublishAsync(bool republish)
    {
        if (!republish && File.Exists(Path.Combine(PublishFolder, "HaiLong.Api.dll"))) return;
        Console.WriteLine($"app: dotnet publish src/HaiLong.Api -c Release -o {PublishFolder}");
        var (code, output) = await Report.RunAsync("dotnet",
            $"publish {Repository.Path("src", "HaiLong.Api")} -c Release -o {PublishFolder}", timeout: TimeSpan.FromMinutes(10));
        if (code != 0) throw new InvalidOperationException($"publish failed:\n{output}");
    }

    /// <summary>Npgsql's automatic statement preparation for the app's connections (0 = off, Npgsql's default); set by --auto-prepare.</summary>
    public static int AutoPrepare { get; set; }

    public static async Task<AppUnderTest> StartAsync(string connectionString, int port, IDictionary<string, string>? extra = null)
    {
        if (AutoPrepare > 0) connectionString = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPrepare }.ConnectionString;
        var log = $"/tmp/hailong-perf-app-{port}.log";
        var info = new ProcessStartInfo("/bin/sh", ["-c", $"exec dotnet {PublishFolder}/HaiLong.Api.dll --urls http://127.0.0.1:{port} > {log} 2>&1"])
        {
            WorkingDirectory = PublishFolder,
        };
        info.Environment["ConnectionStrings__HaiLong"] = connectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["HaiLong__RequireHttps"] = "false";
        info.Environment["HaiLong__Hangfire__Server"] = "false";
        info.Environment["HaiLong__RateLimits__CitizenBurst"] = "1000000000";
        info.Environment["HaiLong__RateLimits__CitizenPerMinute"] = "1000000000";
        info.Environment["HaiLong__RateLimits__SignInPerMinute"] = "1000";
        foreach (var (k, v) in ExtraEnvironment) info.Environment[k] = v;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = Process.Start(info)!;
        var app = new AppUnderTest(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the app exited ({process.ExitCode}); see {log}");
            try
            {
                if ((await http.GetAsync($"{app.BaseUrl}/health/ready")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (sw.Elapsed > TimeSpan.FromMinutes(3))
            {
                await app.DisposeAsync();
                throw new TimeoutException($"the app did not become ready; see {log}");
            }
            await Task.Delay(250);
        }
        Console.WriteLine($"app: Max Auto Prepare = {AutoPrepare}");
        Console.WriteLine($"app: ready at {app.BaseUrl} in {sw.Elapsed.TotalSeconds:F1} s (pid {process.Id}, log {log})");
        return app;
    }

    /// <summary>An administrator over the bench province (created once, through Identity's own UserManager).</summary>
    public static async Task EnsureBenchAdminAsync(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<HaiLongDbContext>(o => o.UseHaiLongPostgres(connectionString));
        services.AddIdentityCore<StaffUser>().AddRoles<IdentityRole<Guid>>().AddEntityFrameworkStores<HaiLongDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByNameAsync(BenchUser) is not null) return;
        var db = scope.ServiceProvider.GetRequiredService<HaiLongDbContext>();
        var province = await db.Units.Where(u => u.Code == "B-P").Select(u => u.Id).SingleAsync();
        var user = new StaffUser { UserName = BenchUser, FullName = "Bench administrator", JurisdictionUnitId = province, EmailConfirmed = true };
        var created = await users.CreateAsync(user, BenchPassword);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Administrator);
    }

    public async Task<string> SignInAsync()
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync($"{BaseUrl}/api/auth/token", new { userName = BenchUser, password = BenchPassword });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    public HttpClient Client(string? bearer = null, int connections = 256)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
