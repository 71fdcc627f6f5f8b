using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;

namespace HaiLong.IntegrationTests.Accounts;

/// <summary>
/// The README's "Production" section, run as a ward's IT officer would: the built app as real processes in Production against
/// an empty database of the test cluster — first start, `admin create`, `admin import-units`, sign-in, the service centre,
/// officials and the first QR — and no account anywhere with a known password. A one-time password holds its account to
/// the change-password page (pages) and to 403 (API) until it is replaced.
/// </summary>
[RunsLong(90)]
public sealed partial class FirstRunTests : IAsyncLifetime
{
    private const string AdminPassword = "Quan-Tri-Phuong-2027";
    private string _connectionString = "";
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"hailong-firstrun-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var cluster = await TestCluster.ClusterAsync();
        var name = $"hailong_firstrun_{Environment.ProcessId}_{Guid.NewGuid():N}"[..50];
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        _connectionString = cluster.ConnectionString(name);
        Directory.CreateDirectory(_work);
    }

    public async Task DisposeAsync()
    {
        await TestCluster.DropDatabaseAsync(_connectionString);
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_production_install_starts_empty_and_the_documented_first_run_makes_it_usable()
    {
        // 2. First start: migrated, and nobody can sign in — not even with the demo's published password.
        using var app = await AppProcess.StartAsync(_connectionString);
        var anonymous = app.Client();
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM \"AspNetUsers\""));
        var demo = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "quantri", password = Seeder.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);

        // 3. The first administrator, password on standard input.
        var created = await RunAsync(["admin", "create", "--user", "quantri.phuong", "--name", "Nguyễn Văn An", "--password-stdin"], AdminPassword + "\n");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("Created administrator 'quantri.phuong'", created.Stdout);
        Assert.DoesNotContain(AdminPassword, created.Stdout + created.Stderr);

        // A second first run is refused, and says why.
        var again = await RunAsync(["admin", "create", "--user", "quantri.hai", "--name", "Trần Hai", "--password-stdin"], AdminPassword);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("An administrator already exists (quantri.phuong)", again.Stderr);
        Assert.Contains("--another", again.Stderr);

        // Identity's rules, with the reason, and nothing stored.
        var weak = await RunAsync(["admin", "create", "--another", "--user", "yeu.qua", "--name", "Mật khẩu yếu", "--password-stdin"], "alllowercase1");
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("password", weak.Stderr);
        Assert.Contains("uppercase", weak.Stderr);
        var badName = await RunAsync(["admin", "create", "--another", "--user", "Tên Sai", "--name", "Tên sai", "--password-stdin"], AdminPassword);
        Assert.Equal(1, badName.ExitCode);
        Assert.Contains("--user", badName.Stderr);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM \"AspNetUsers\""));

        // 4. Units: a faulty file is reported row by row and stores nothing; the preview stores nothing; the import stores all.
        var faulty = Path.Combine(_work, "faulty.csv");
        await File.WriteAllTextAsync(faulty,
            "code,name,level,parent_code\n92,Thành phố Cần Thơ,Tỉnh,\n31150,Phường Cái Răng,Phường,99\n31151,,Phường,92\n31152,Ấp sai chỗ,Ấp,92\n");
        var refused = await RunAsync(["admin", "import-units", faulty]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("3 row(s) have errors; nothing was imported.", refused.Stderr);
        Assert.Contains("3\tparent_code\tUnknown parent code '99'", refused.Stderr);
        Assert.Contains("4\tname\tname is required.", refused.Stderr);
        Assert.Contains("5\tlevel\t", refused.Stderr);
        var units = Path.Combine(RepositoryRoot(), "docs", "first-run", "units.csv");
        var preview = await RunAsync(["admin", "import-units", units, "--dry-run"]);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Contains("Dry run: all 6 row(s) are valid", preview.Stdout);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM units"));
        var imported = await RunAsync(["admin", "import-units", units]);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("Imported 6 unit(s).", imported.Stdout);
        Assert.Equal(1,
            await CountAsync("SELECT count(*) FROM units u JOIN units p ON u.parent_id = p.id " +
                "WHERE u.code = '31150-KV01' AND p.code = '31150' AND u.path = p.path || u.id || '/'"));

        // 5. Sign in through the API as the new administrator and list the units.
        var admin = await app.SignedInClientAsync("quantri.phuong", AdminPassword);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/units");
        var codes = list.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ToList();
        Assert.Equal(["92", "31150", "31150-KV01", "31150-KV02", "31192", "31192-A01"], codes);
        var ward = list.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == "31150").GetProperty("id").GetInt32();

        // The service centre and its officials, as the README shows.
        var centre =
            await admin.PostAsJsonAsync("/api/agencies",
            new { unitId = ward, kind = "ServiceCentre", code = "31150-TTPVHCC", name = "Trung tâm Phục vụ hành chính công phường Cái Răng" });
        Assert.Equal(HttpStatusCode.Created, centre.StatusCode);
        var centreId = (await centre.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var officialsCsv = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot(), "docs", "first-run", "officials.csv")));
        officialsCsv.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        var officials = await admin.PostAsync("/api/officials/import", officialsCsv);
        Assert.True(officials.IsSuccessStatusCode, await officials.Content.ReadAsStringAsync());

        // 6. The first QR: a counter and its standing survey link, which a citizen can open.
        var counter = await admin.PostAsJsonAsync("/api/service-points", new { agencyId = centreId, code = "31150-Q1", name = "Quầy số 1" });
        Assert.Equal(HttpStatusCode.Created, counter.StatusCode);
        var counterId = (await counter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var qr = await admin.PostAsJsonAsync("/api/invitations", new { kind = "Counter", servicePointId = counterId });
        Assert.True(qr.IsSuccessStatusCode, await qr.Content.ReadAsStringAsync());
        var url = new Uri((await qr.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url.PathAndQuery)).StatusCode);

        // No account has a password anyone could know from the code: only the one given on standard input verifies.
        await AssertNoKnownPasswordsAsync(["quantri.phuong"]);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'admin.created-by-command'"));
    }

    [Fact]
    public async Task A_one_time_password_holds_its_account_to_the_change_password_page_until_it_is_replaced()
    {
        using var app = await AppProcess.StartAsync(_connectionString);
        var created = await RunAsync(["admin", "create", "--user", "quantri.tam", "--name", "Lê Thị Tâm"]);
        Assert.True(created.ExitCode == 0, created.ToString());
        var oneTime = OneTimePasswordLine().Match(created.Stdout).Groups[1].Value;
        Assert.Matches("^[A-Za-z2-9]{20}$", oneTime);
        Assert.Contains("choose your own password", created.Stdout);

        // The API: signed in, but refused with a problem that says why.
        var api = await app.SignedInClientAsync("quantri.tam", oneTime);
        var refused = await api.GetAsync("/api/units");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Password change required", problem.GetProperty("title").GetString());
        Assert.Contains("/staff/password", problem.GetProperty("detail").GetString());

        // The pages: every staff page leads to the change-password page, and back afterwards.
        var browser = app.BrowserClient();
        var signIn = await browser.PostAsync("/staff/login", await FormAsync(browser, "/staff/login",
            new() { ["userName"] = "quantri.tam", ["password"] = oneTime, ["returnUrl"] = "/staff/registry" }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var held = await browser.GetAsync("/staff/registry");
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        Assert.Equal("/staff/password?returnUrl=%2Fstaff%2Fregistry", held.Headers.Location!.OriginalString);
        var page = await browser.GetStringAsync("/staff/password?returnUrl=%2Fstaff%2Fregistry");
        Assert.Contains("mật khẩu dùng một lần", page);

        // Refusals come back beside their fields, in Vietnamese, with nothing stored.
        var mismatch = await browser.PostAsync("/staff/password", await FormAsync(browser, "/staff/password", new()
        {
            ["currentPassword"] = oneTime, ["newPassword"] = "Mat-Khau-Moi-2027", ["confirmPassword"] = "Mat-Khau-Khac-2027", ["returnUrl"] = "/staff/registry",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("id=\"confirmPassword-error\">Hai lần nhập mật khẩu mới không khớp nhau.", await mismatch.Content.ReadAsStringAsync());
        var weak = await browser.PostAsync("/staff/password", await FormAsync(browser, "/staff/password", new()
        {
            ["currentPassword"] = oneTime, ["newPassword"] = "ngan", ["confirmPassword"] = "ngan", ["returnUrl"] = "/staff/registry",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var weakPage = await weak.Content.ReadAsStringAsync();
        Assert.Contains("Mật khẩu mới phải có ít nhất 10 ký tự.", weakPage);
        Assert.Contains("Mật khẩu mới phải có ít nhất một chữ hoa (A–Z).", weakPage);
        var wrong = await browser.PostAsync("/staff/password", await FormAsync(browser, "/staff/password", new()
        {
            ["currentPassword"] = "Khong-Phai-2027", ["newPassword"] = "Mat-Khau-Moi-2027",
                ["confirmPassword"] = "Mat-Khau-Moi-2027", ["returnUrl"] = "/staff/registry",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("id=\"currentPassword-error\">Mật khẩu hiện tại không đúng.", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM \"AspNetUsers\" WHERE user_name = 'quantri.tam' AND must_change_password"));

        // Changed: back where they were going, and the pages open.
        var changed = await browser.PostAsync("/staff/password", await FormAsync(browser, "/staff/password", new()
        {
            ["currentPassword"] = oneTime, ["newPassword"] = "Mat-Khau-Moi-2027", ["confirmPassword"] = "Mat-Khau-Moi-2027", ["returnUrl"] = "/staff/registry",
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/staff/registry", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff/registry")).StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM \"AspNetUsers\" WHERE must_change_password"));

        // The API with a new token; the one-time password no longer signs in.
        var after = await app.SignedInClientAsync("quantri.tam", "Mat-Khau-Moi-2027");
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/units")).StatusCode);
        var old = await app.Client().PostAsJsonAsync("/api/auth/token", new { userName = "quantri.tam", password = oneTime });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await AssertNoKnownPasswordsAsync([]);
    }

    [Fact]
    public async Task Usage_errors_say_what_is_wrong_and_never_start_the_server()
    {
        var missing = await RunAsync(["admin", "create", "--name", "Không có tên đăng nhập"]);
        Assert.Equal(64, missing.ExitCode);
        Assert.Contains("admin create needs --user", missing.Stderr);
        Assert.Contains("Usage:", missing.Stderr);
        var unknown = await RunAsync(["admin", "delete-everything"]);
        Assert.Equal(64, unknown.ExitCode);
        Assert.Contains("Unknown sub-command 'delete-everything'", unknown.Stderr);
        var noFile = await RunAsync(["admin", "import-units", Path.Combine(_work, "none.csv")]);
        Assert.Equal(1, noFile.ExitCode);
        Assert.Contains("No such file", noFile.Stderr);
        Assert.DoesNotContain("Now listening", noFile.Stdout + noFile.Stderr);
    }

    /// <summary>
    /// Every stored password verifies against none of the passwords the code knows (the demo's); the accounts with a password
    /// are exactly <paramref name="expectedUsers"/> plus the ones this test changed.
    /// </summary>
    private async Task AssertNoKnownPasswordsAsync(IReadOnlyList<string> expectedUsers)
    {
        var hasher = new PasswordHasher<StaffUser>();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT user_name, password_hash FROM \"AspNetUsers\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var users = new List<string>();
        while (await reader.ReadAsync())
        {
            var user = reader.GetString(0);
            users.Add(user);
            Assert.False(reader.IsDBNull(1), $"{user} has no password hash");
            Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new StaffUser(), reader.GetString(1), Seeder.DemoPassword));
        }
        Assert.All(expectedUsers, u => Assert.Contains(u, users));
        Assert.DoesNotContain("quantri", users);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<FormUrlEncodedContent> FormAsync(HttpClient browser, string page, Dictionary<string, string> fields)
    {
        var html = await browser.GetStringAsync(page);
        fields["__af"] = PageForms.AntiforgeryToken(html);
        return new FormUrlEncodedContent(fields);
    }

    private Task<CommandRun> RunAsync(IReadOnlyList<string> args, string? stdin = null) => AppProcess.RunCommandAsync(_connectionString, args, stdin);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaiLong.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("HaiLong.sln not found above the test binaries.");
    }

    [GeneratedRegex("^One-time password: (\\S+)$", RegexOptions.Multiline)]
    private static partial Regex OneTimePasswordLine();


    private sealed record CommandRun(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    /// <summary>The built app (HaiLong.Api.dll beside the tests) as its own process, in Production, as the README runs it.</summary>
    private sealed class AppProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Uri _address;

        private AppProcess(Process process, Uri address)
        {
            _process = process;
            _address = address;
        }

        private static ProcessStartInfo StartInfo(string connectionString, IEnumerable<string> args)
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HaiLong.Api.dll"));
            foreach (var a in args) psi.ArgumentList.Add(a);
            // Production as configured by the README: no demo switch, nothing inherited from the test host's settings.
            foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("HaiLong__", StringComparison.OrdinalIgnoreCase)
                         || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                         || k is "DOTNET_ENVIRONMENT" or "ASPNETCORE_ENVIRONMENT").ToList())
            {
                psi.Environment.Remove(key);
            }
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            psi.Environment["ConnectionStrings__HaiLong"] = connectionString;
            psi.Environment["HaiLong__RequireHttps"] = "false";
            return psi;
        }

        public static async Task<CommandRun> RunCommandAsync(string connectionString, IReadOnlyList<string> args, string? stdin)
        {
            using var process = Process.Start(StartInfo(connectionString, args))!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`admin {string.Join(' ', args.Skip(1))}` did not finish; it must never start the web server");
            }
            return new CommandRun(process.ExitCode, await stdout, await stderr);
        }

        public static async Task<AppProcess> StartAsync(string connectionString)
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var address = new Uri($"http://127.0.0.1:{port}");
            var process = Process.Start(StartInfo(connectionString, ["--urls", address.ToString().TrimEnd('/')]))!;
            var log = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new AppProcess(process, address);
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    lock (log) throw new InvalidOperationException($"the app exited with {process.ExitCode}:\n{log}");
                }
                try
                {
                    if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return app;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                // Waiting for a server to come up, not for time to pass: the loop ends as soon as it answers.
                await Task.Delay(200);
            }
            app.Dispose();
            throw new TimeoutException("the app did not become ready");
        }

        public HttpClient Client() => new() { BaseAddress = _address };

        /// <summary>A browser: keeps cookies, asks for HTML, follows no redirect (the test checks each).</summary>
        public HttpClient BrowserClient()
        {
            var client =
                new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _address };
            client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
            return client;
        }

        public async Task<HttpClient> SignedInClientAsync(string userName, string password)
        {
            var client = Client();
            var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                // SIGTERM: the host stops as in production (docker stop); a kill only if it does not.
                Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
                if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
            NpgsqlConnection.ClearAllPools();
        }
    }
}
