using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// A private PostgreSQL cluster started from the machine's server binaries (initdb + pg_ctl). The app uses it when no
/// connection string is configured; the tests use it with a throwaway folder. PostgreSQL refuses to run as root, so as root
/// every server command runs as the `postgres` system user.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string SuperUser = "hailong";

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly string _logFile;
    private readonly bool _runAsPostgresUser;
    private bool _startedByUs;

    private EmbeddedPostgres(string binDirectory, string rootDirectory, int port, string password)
    {
        _binDirectory = binDirectory;
        RootDirectory = rootDirectory;
        _dataDirectory = Path.Combine(rootDirectory, "data");
        _logFile = Path.Combine(rootDirectory, "postgres.log");
        Port = port;
        Password = password;
        _runAsPostgresUser = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
    }

    public string RootDirectory { get; }
    public int Port { get; private set; }
    public string Password { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Where to look for initdb and pg_ctl: configuration, then (unless <paramref name="searchWellKnownFolders"/> is off, which
    /// lets a test play a machine without PostgreSQL) Debian's versioned folders (newest first), then PATH.
    /// </summary>
    public static string? FindBinaries(string? configured = null, bool searchWellKnownFolders = true)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured)) candidates.Add(configured);
        if (!searchWellKnownFolders) return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    public static string DefaultRootDirectory() =>
        Environment.UserName == "root"
            ? "/var/lib/hailong/postgres"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "hailong", "postgres");

    /// <summary>Starts (initialising on first use) the cluster in <paramref name="rootDirectory"/>; reuses one already running there.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string binDirectory, string rootDirectory, int? port, CancellationToken ct = default)
    {
        Directory.CreateDirectory(rootDirectory);
        var settingsFile = Path.Combine(rootDirectory, "cluster.settings");
        int chosenPort;
        string password;
        if (File.Exists(settingsFile))
        {
            var lines = await File.ReadAllLinesAsync(settingsFile, ct);
            chosenPort = port ?? int.Parse(lines[0]);
            password = lines[1];
        }
        else
        {
            chosenPort = port ?? FreePort();
            password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            await File.WriteAllLinesAsync(settingsFile, [chosenPort.ToString(), password], ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(settingsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var pg = new EmbeddedPostgres(binDirectory, rootDirectory, chosenPort, password);
        await pg.StartAsync(ct);
        return pg;
    }

    private async Task StartAsync(CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(ct);
        }

        if (await RunAsync("pg_ctl", ["status", "-D", _dataDirectory], ct, throwOnError: false) == 0)
        {
            // A server of this data folder is already running: an earlier run that was killed (a closed terminal, kill -9)
            // left it. Adopt it — on the port it really listens on — and stop it at exit like one of our own.
            if (await RunningPortAsync(ct) is { } running) Port = running;
            _startedByUs = true;
            return;
        }

        await RunAsync("pg_ctl", [
            "start", "-w", "-t", "60", "-D", _dataDirectory, "-l", _logFile,
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
        ], ct);
        _startedByUs = true;
    }

    /// <summary>The port in postmaster.pid (its fourth line), where a running server says it listens.</summary>
    private async Task<int?> RunningPortAsync(CancellationToken ct)
    {
        try
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(_dataDirectory, "postmaster.pid"), ct);
            return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task InitialiseAsync(CancellationToken ct)
    {
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        var passwordFile = Path.Combine(RootDirectory, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, Password, ct);
        try
        {
            if (_runAsPostgresUser)
            {
                await RunPlainAsync("chown", ["-R", "postgres:postgres", RootDirectory], ct);
            }

            await RunAsync("initdb", [
                "-D", _dataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth=scram-sha-256",
                "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
            ], ct);
            // Sized for a small machine; durability stays on (fsync, synchronous_commit) because nothing acknowledged may be lost.
            await File.AppendAllTextAsync(Path.Combine(_dataDirectory, "postgresql.conf"),
                "\nmax_connections = 200\nshared_buffers = 256MB\nlog_min_messages = warning\n", ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// A streaming standby of this cluster in <paramref name="rootDirectory"/>, started on a port of its own: pg_basebackup -R
    /// copies the data folder and writes standby.signal and primary_conninfo, so the copy starts as a hot standby that
    /// follows this cluster. The integration tests read from one (Replication); a developer can try
    /// ConnectionStrings__HaiLongReadOnly against one the same way. No replication slot: a standby that falls far behind
    /// may need a new copy, which is fine for a throwaway one and keeps the primary from holding WAL for it.
    /// </summary>
    public async Task<EmbeddedPostgres> StartStandbyAsync(string rootDirectory, CancellationToken ct = default)
    {
        Directory.CreateDirectory(rootDirectory);
        var standby = new EmbeddedPostgres(_binDirectory, rootDirectory, FreePort(), Password);
        if (_runAsPostgresUser) await RunPlainAsync("chown", ["-R", "postgres:postgres", rootDirectory], ct);
        var source = $"host=127.0.0.1 port={Port} user={SuperUser} password={Password}";
        // -c fast: an immediate checkpoint, not a spread one that could keep the copy waiting for minutes.
        await RunAsync("pg_basebackup", ["-D", standby._dataDirectory, "-d", source, "-R", "-X", "stream", "-c", "fast"], ct);
        await standby.StartAsync(ct);
        return standby;
    }

    public async Task StopAsync()
    {
        if (!_startedByUs) return;
        _startedByUs = false;
        await RunAsync("pg_ctl", ["stop", "-w", "-m", "fast", "-D", _dataDirectory], CancellationToken.None, throwOnError: false);
    }

    /// <summary>Creates the database if it is missing.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync(ct);
        await using var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        check.Parameters.AddWithValue("n", database);
        if (await check.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<int> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError = true)
    {
        var exe = Path.Combine(_binDirectory, tool);
        return _runAsPostgresUser
            ? RunPlainAsync("runuser", ["-u", "postgres", "--", exe, .. args], ct, throwOnError)
            : RunPlainAsync(exe, args, ct, throwOnError);
    }

    private static async Task<int> RunPlainAsync(string exe, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError = true)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(exe)} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
        return process.ExitCode;
    }
}
