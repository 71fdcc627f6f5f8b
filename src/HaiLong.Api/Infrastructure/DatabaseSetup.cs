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

        connectionString = WithStatementCaching(connectionString);
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = connectionString;
        // Built by a factory so the container disposes it (and its pooled connections) with the host.
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddDbContext<HaiLongDbContext>((sp, options) =>
        {
            options.UseHaiLongPostgres(sp.GetRequiredService<NpgsqlDataSource>());
            // The audit interceptor first, then whatever capabilities registered (the standing-form cache's invalidation).
            options.AddInterceptors(sp.GetServices<ISaveChangesInterceptor>());
        });
        builder.Services.AddScoped<AuditInterceptor>();
        builder.Services.AddScoped<ISaveChangesInterceptor>(sp => sp.GetRequiredService<AuditInterceptor>());
        return builder;
    }

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
