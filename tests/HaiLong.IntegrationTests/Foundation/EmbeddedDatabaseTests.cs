using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// The README's run command in a test: no connection string, so the app starts its own PostgreSQL cluster in a data folder
/// (as the postgres user when the tests run as root), seeds the demo world, stops the cluster with the host, and finds its
/// data again on the next start. And on a machine without PostgreSQL it says so in one line.
/// </summary>
[RunsLong(40)]
public sealed class EmbeddedDatabaseTests
{
    [Fact]
    public async Task Without_a_connection_string_the_app_runs_its_own_cluster_and_keeps_its_data_across_restarts()
    {
        var root = Path.Combine(Path.GetTempPath(), $"hailong-embedded-{Guid.NewGuid():N}");
        try
        {
            await using (var first = new EmbeddedApp(root))
            {
                var client = first.CreateClient();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
                await SignInAsync(client);
                var units = await client.GetStringAsync("/api/units");
                Assert.Contains("DEMO-92-CR", units);
                Assert.Contains("DEMO-92-HP", units);
                var created = await client.PostAsJsonAsync("/api/procedures",
                    new { code = "EMB-RESTART-1", name = "Thủ tục ghi ở lần chạy đầu", field = "Kiểm thử" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            // The host stopped its cluster: PostgreSQL removes postmaster.pid when it has shut down. (Probing the freed port
            // flaked when another cluster on the machine took it.)
            NpgsqlConnection.ClearAllPools();
            // On a loaded machine the host may return from its stop before pg_ctl has finished: give the shutdown some
            // seconds; a cluster nobody stops keeps its postmaster.pid and still fails.
            var pid = Path.Combine(root, "data", "postmaster.pid");
            for (var i = 0; i < 300 && File.Exists(pid); i++) await Task.Delay(100);
            Assert.False(File.Exists(pid), "the embedded cluster is still running 30 s after the host stopped");
            if (Environment.UserName == "root")
            {
                Assert.Equal("postgres", Owner(Path.Combine(root, "data")));
            }

            await using (var second = new EmbeddedApp(root))
            {
                var client = second.CreateClient();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
                await SignInAsync(client);
                var procedures = await client.GetFromJsonAsync<JsonElement>("/api/procedures?q=lần chạy đầu");
                Assert.Equal("EMB-RESTART-1", Assert.Single(procedures.EnumerateArray()).GetProperty("code").GetString());
                // Seeding ran once: the demo world is not doubled by the second start.
                Assert.Equal(31, (await client.GetFromJsonAsync<JsonElement>("/api/procedures")).GetArrayLength());
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task Without_PostgreSQL_binaries_start_up_fails_with_one_clear_line()
    {
        var root = Path.Combine(Path.GetTempPath(), $"hailong-nobin-{Guid.NewGuid():N}");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HaiLong.Api.dll"));
        psi.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment.Remove("ConnectionStrings__HaiLong");
        psi.Environment["HaiLong__Database__PostgresBinaries"] = Path.Combine(root, "no-such-folder");
        psi.Environment["HaiLong__Database__SearchWellKnownFolders"] = "false";
        psi.Environment["HaiLong__Database__DataDirectory"] = root;

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(2, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("HaiLong cannot start: No PostgreSQL server binaries found", line);
        Assert.Contains("apt-get install postgresql", line);
        Assert.Contains("ConnectionStrings__HaiLong", line);
        Assert.DoesNotContain("Exception", await stdout);
        Assert.False(Directory.Exists(Path.Combine(root, "data")));
    }

    [Fact]
    public async Task A_closed_terminal_stops_the_cluster_and_a_start_after_a_crash_adopts_the_orphan_and_stops_it_too()
    {
        var root = Path.Combine(Path.GetTempPath(), $"hailong-hup-{Guid.NewGuid():N}");
        try
        {
            // A crash (kill -9) leaves the cluster running: the orphan the next start must adopt.
            var first = await StartAppAsync(root);
            first.Kill();
            await first.WaitForExitAsync();
            Assert.NotEmpty(PostgresProcessesOf(root));

            var second = await StartAppAsync(root);
            Assert.Equal(0, Process.Start("kill", ["-HUP", second.Id.ToString()])!.WaitForExit(10_000) ? 0 : 1);
            await second.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

            Assert.Empty(PostgresProcessesOf(root));
        }
        finally
        {
            foreach (var pid in PostgresProcessesOf(root)) { try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } }
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The app as its own process on the embedded default database in <paramref name="root"/>, once it is ready.</summary>
    private static async Task<Process> StartAppAsync(string root)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HaiLong.Api.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment.Remove("ConnectionStrings__HaiLong");
        psi.Environment["HaiLong__Database__DataDirectory"] = root;
        psi.Environment["HaiLong__SeedDemo"] = "false";
        psi.Environment["HaiLong__RequireHttps"] = "false";
        psi.Environment["HaiLong__Hangfire__Server"] = "false";
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"the app exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return process;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        process.Kill();
        throw new TimeoutException("the app did not become ready");
    }

    /// <summary>Every PostgreSQL server process whose command line names this data folder.</summary>
    private static List<int> PostgresProcessesOf(string root)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains("postgres") && cmdline.Contains(root)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "quantri", password = Seeder.DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static string Owner(string path)
    {
        var psi = new ProcessStartInfo("stat", ["-c", "%U", path]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var owner = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return owner;
    }

    /// <summary>The app exactly as the README runs it, but with a private data folder and no connection string.</summary>
    private sealed class EmbeddedApp(string root) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:HaiLong", "");
            builder.UseSetting("HaiLong:Database:DataDirectory", root);
            builder.UseSetting("HaiLong:SeedDemo", "true");
            builder.UseSetting("HaiLong:RequireHttps", "false");
            builder.UseSetting("HaiLong:Hangfire:Server", "false");
        }
    }
}
