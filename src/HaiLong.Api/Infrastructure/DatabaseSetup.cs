using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>Thrown when the app can neither find a configured server nor start its embedded one; Program prints it as one line.</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);

/// <summary>
/// Work a capability needs done once the database is migrated and before the app serves requests; registered by the
/// capability's Add method, run by <see cref="DatabaseSetup.PrepareDatabaseAsync"/>.
/// </summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken ct);
}

public static class DatabaseSetup
{
    public const string ConnectionName = "HaiLong";

    /// <summary>
    /// Uses ConnectionStrings:HaiLong when set; otherwise starts the embedded cluster (data kept in
    /// HaiLong:Database:DataDirectory, or a per-user default) and points the app at it.
    /// </summary>
    public static WebApplicationBuilder AddHaiLongDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var section = builder.Configuration.GetSection("HaiLong:Database");
            var binaries = EmbeddedPostgres.FindBinaries(section["PostgresBinaries"], section.GetValue("SearchWellKnownFolders", true))
                ?? throw new DatabaseUnavailableException(
                    "No PostgreSQL server binaries found (initdb, pg_ctl). Install them with `apt-get install postgresql` " +
                    "(or set HaiLong__Database__PostgresBinaries), or point HaiLong at a server with ConnectionStrings__HaiLong=\"Host=…;Database=…\".");
            var root = section["DataDirectory"] is { Length: > 0 } dir ? Path.GetFullPath(dir) : EmbeddedPostgres.DefaultRootDirectory();
            int? port = int.TryParse(section["Port"], out var p) ? p : null;
            var embedded = EmbeddedPostgres.StartAsync(binaries, root, port).GetAwaiter().GetResult();
            var database = section["Name"] ?? "hailong";
            embedded.EnsureDatabaseAsync(database).GetAwaiter().GetResult();
            connectionString = embedded.ConnectionString(database);
            builder.Services.AddSingleton(embedded);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
            Console.WriteLine($"HaiLong: embedded PostgreSQL on 127.0.0.1:{embedded.Port}, data in {embedded.RootDirectory}");
        }

        connectionString = ForPrimary(connectionString);
        // Hangfire's storage reads the connection string from here: it must be the primary's, defaults included.
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = connectionString;
        // Built by a factory so the container disposes it (and its pooled connections) with the host. Every write, the
        // migrations and every job go through this one (the primary); Npgsql's own failover handling is described at ForPrimary.
        builder.Services.AddSingleton(_ => AppDataSource(connectionString));
        // The stale-tolerant reads (scorecards, the public page, open data): ConnectionStrings:HaiLongReadOnly, else the above.
        builder.Services.AddSingleton<ReplicaDatabase>();
        builder.Services.AddScoped<ReplicaReads>();
        // The options once for the app, not per request (built per scope they were a fifth of what a QR issue allocated),
        // and the contexts pooled: a new context set up EF's services for itself on first use, a twelfth of the app's CPU
        // on a QR issue, with lock contention in the container on top (BENCHMARKS.md §4). A pooled context is reset when
        // its request ends (change tracker, transaction settings), so it carries nothing of its own into the next one;
        // every interceptor is a singleton, and the audit keeps a save's state per context, begun afresh at each save.
        builder.Services.AddDbContextPool<HaiLongDbContext>((sp, options) =>
        {
            options.UseHaiLongPostgres(sp.GetRequiredService<NpgsqlDataSource>());
            // The audit interceptor first, then whatever capabilities registered (the standing-form cache's invalidation).
            options.AddInterceptors(sp.GetServices<ISaveChangesInterceptor>());
        });
        builder.Services.AddSingleton<AuditInterceptor>();
        builder.Services.AddSingleton<ISaveChangesInterceptor>(sp => sp.GetRequiredService<AuditInterceptor>());
        return builder;
    }

    /// <summary>
    /// The primary's connection string as HaiLong uses it. It may list several hosts (<c>Host=a:5432,b:5432,c:5432</c>, the
    /// Patroni cluster's nodes): Npgsql then opens each connection on the first host that is a primary, and HaiLong asks for
    /// exactly that (<c>Target Session Attributes=read-write</c>) unless the operator chose otherwise — a multi-host string's
    /// default, <c>any</c>, could write to a standby. After a failover nothing needs restarting: a connection broken by the
    /// dead primary (an I/O error, 57P01 admin shutdown, 57P02 crash shutdown, 08xxx) makes Npgsql mark that host offline
    /// and clear its pool, so no idle connection to it is handed out again, and the next open finds the new primary; the
    /// request that met the break answers 503 with Retry-After (<see cref="ProblemExceptionHandler"/>). Npgsql remembers
    /// each host's role for Host Recheck Seconds (10 by default); HaiLong makes that 2, so a promoted standby is tried as a
    /// primary within 2 s instead of 10.
    /// </summary>
    public static string ForPrimary(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(WithStatementCaching(connectionString));
        if (IsMultiHost(csb))
        {
            if (!Mentions(connectionString, "Target Session Attributes")) csb.TargetSessionAttributes = "read-write";
            if (!Mentions(connectionString, "Host Recheck Seconds")) csb.HostRecheckSeconds = 2;
        }
        return csb.ConnectionString;
    }

    /// <summary>
    /// The app's own pool of primary connections. Npgsql resets every connection it takes back into its pool (<c>SET SESSION
    /// AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD
    /// TEMP</c>, sent with the next statement) — work in PostgreSQL on every use, three times per issued QR (BENCHMARKS.md §4).
    /// HaiLong leaves no session state to reset: no <c>SET</c> without <c>LOCAL</c> and no <c>set_config(…, false)</c>, no
    /// session advisory locks (only <c>pg_advisory_xact_lock</c>), no <c>LISTEN</c>, temporary tables only <c>ON COMMIT
    /// DROP</c>, no cursors <c>WITH HOLD</c>; EF's migration lock is a table lock inside its transaction. A transaction left
    /// open is still rolled back when its connection returns, reset or not. Hangfire opens its own connections from the
    /// connection string and keeps Npgsql's default. Whoever adds session state (a session <c>SET</c>, <c>LISTEN</c>) must
    /// take it out of this pool or turn this off.
    /// The pool is also bounded by <see cref="MaxPoolSize"/> unless the connection string sets its own Max Pool Size.
    /// </summary>
    public static NpgsqlDataSource AppDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!Mentions(connectionString, "No Reset On Close")) builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!Mentions(connectionString, "Max Pool Size") && !Mentions(connectionString, "Maximum Pool Size"))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = MaxPoolSize(Environment.ProcessorCount);
        }
        return builder.Build();
    }

    /// <summary>
    /// How many PostgreSQL connections the app's pool may hold: 4 per core, at least 16 — not Npgsql's 100. A burst of
    /// requests (a hiccup of a few hundred milliseconds at a few hundred submissions a second, or clients that open a
    /// connection per waiting request) made the pool open a new backend for every waiting request: on a 2-core node 38 →
    /// 100 backends within four seconds, each a fork that then plans every statement afresh on the cores the hiccup was
    /// already short of — opening one took 1–5 s, PostgreSQL's CPU per submission rose from ~1.7 to 2.6–6.2 ms, and the
    /// hiccup became a stall of ~10 s (docs/DEVELOPING.md, "Open-loop latency"). With the bound, the requests beyond it wait
    /// in Npgsql's queue (a cheap await, first come first served) for a connection that is already warm. PostgreSQL's rule
    /// of thumb is about twice its cores of active backends; a request also holds its connection through the app's work
    /// between its statements, hence 4 per core, and 16 covers a small node's bursts. An operator whose PostgreSQL runs on
    /// a bigger machine than the app sets Max Pool Size in the connection string. Nothing may take a second connection
    /// while holding one (<see cref="HaiLong.Api.Features.Responses.PublishedVersions"/>): enough such requests at once wait for each other.
    /// </summary>
    public static int MaxPoolSize(int processorCount) => Math.Max(16, 4 * processorCount);

    /// <summary>
    /// The read-only connection string (<c>ConnectionStrings:HaiLongReadOnly</c>): several hosts prefer a standby unless told
    /// otherwise, and every session is read-only, so a write slipped into a replica read fails even when it lands on the primary.
    /// </summary>
    public static string ForReadOnly(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(WithStatementCaching(connectionString));
        if (IsMultiHost(csb) && !Mentions(connectionString, "Target Session Attributes")) csb.TargetSessionAttributes = "prefer-standby";
        csb.Options = $"{csb.Options} -c default_transaction_read_only=on".Trim();
        return csb.ConnectionString;
    }

    private static bool IsMultiHost(NpgsqlConnectionStringBuilder csb) => csb.Host?.Contains(',') == true;

    private static bool Mentions(string connectionString, string keyword) =>
        connectionString.Contains(keyword, StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains(keyword.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Npgsql prepares nothing unless told to, so every EF query was parsed and planned afresh; BENCHMARKS.md measured ×5 on
    /// the citizen form and the submission with automatic preparation. An operator's own setting wins.
    /// </summary>
    public static string WithStatementCaching(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) csb.MaxAutoPrepare = 64;
        return csb.ConnectionString;
    }

    /// <summary>Applies pending migrations; in Development (or when HaiLong:SeedDemo is true) fills the demo world once.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await PrepareSchemaAsync(scope.ServiceProvider, app.Configuration);
        if (app.Configuration.GetValue("HaiLong:SeedDemo", app.Environment.IsDevelopment()))
        {
            if (!app.Environment.IsDevelopment())
            {
                // Allowed (a demo server, the fault benches), but never quietly: these accounts' password is in the source.
                app.Logger.LogWarning("HaiLong:SeedDemo is on in {Environment}: the demo accounts have a published password. " +
                    "A production installation leaves it unset (README, \"Production\").",
                    app.Environment.EnvironmentName);
            }
            await scope.ServiceProvider.GetRequiredService<Seeding.Seeder>().SeedDemoWorldAsync();
        }
    }

    /// <summary>
    /// What every start needs and nothing more: the migrations, the capabilities' start-up tasks and the reference data (roles,
    /// default templates). The first-run commands (`admin …`) call this too, never the demo seed.
    /// </summary>
    public static async Task PrepareSchemaAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<HaiLongDbContext>();
        if (configuration.GetValue("HaiLong:Database:Migrate", true))
        {
            // Not db.Database.MigrateAsync(): HaiLongMigrator first tidies the history of a database made before the
            // migrations were squashed (see its comment and docs/DEVELOPING.md, "Database and migrations").
            await HaiLong.Migrations.HaiLongMigrator.MigrateAsync(db, ct);
        }

        foreach (var task in services.GetServices<IStartupTask>()) await task.RunAsync(ct);

        await services.GetRequiredService<Seeding.Seeder>().SeedReferenceDataAsync(ct);
    }
}

/// <summary>
/// Stops the embedded cluster when the host stops, so no orphan server is left behind. The host already stops on Ctrl-C
/// (SIGINT) and SIGTERM; closing the terminal sends SIGHUP, whose default would end the process at once and leave the
/// cluster running, so SIGHUP stops the host the same way.
/// </summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres postgres, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private System.Runtime.InteropServices.PosixSignalRegistration? _hangUp;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                lifetime.StopApplication();
            });
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => postgres.StopAsync();

    public void Dispose() => _hangUp?.Dispose();
}
