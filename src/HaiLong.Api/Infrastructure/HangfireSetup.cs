using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Logging;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// Hangfire on the app's PostgreSQL. The server is switchable (HaiLong:Hangfire:Server) so an API-only replica or a test
/// host runs none; recurring jobs are registered by each capability through <see cref="IRecurringJobSource"/>.
/// </summary>
public static class HangfireSetup
{
    public static WebApplicationBuilder AddHaiLongJobs(this WebApplicationBuilder builder)
    {
        // The primary, always (DatabaseSetup.ForPrimary: several hosts, read-write): Hangfire's queues, locks and job states,
        // and every job, whose work resolves the primary's HaiLongDbContext and NpgsqlDataSource. Never
        // ConnectionStrings:HaiLongReadOnly: a job that read a lagging standby would fold or check deadlines against old data.
        // A job cut by a failover fails its transaction as a whole and Hangfire retries it on the new primary.
        var connectionString = builder.Configuration.GetConnectionString(DatabaseSetup.ConnectionName)!;
        var section = builder.Configuration.GetSection("HaiLong:Hangfire");
        builder.Services.AddHangfire((sp, c) => c
            // Hangfire's log provider is process-wide: when several hosts share a process (the integration tests) and one
            // is disposed, the others must not fail on its disposed logger factory.
            .UseLogProvider(new DisposalTolerantLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                // An idle server should stay quiet: poll the queue every few seconds, not every 100 ms.
                QueuePollInterval = TimeSpan.FromSeconds(section.GetValue("QueuePollSeconds", 5)),
                // Sliding invisibility: a job stays owned while its server heartbeats, however long it runs.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
            }));
        // The dashboard is an administrator's staff area: the staff home and navigation link it.
        builder.Services.AddStaffLink("/hangfire", "Link_Hangfire", Policies.Administrator);
        if (section.GetValue("Server", true))
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = section.GetValue("Workers", 2);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(15);
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
            builder.Services.AddHostedService<RecurringJobRegistrar>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        // The dashboard's own local-only filter is replaced by the Administrator policy of the app.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AllowPolicyFilter()], DisplayStorageConnectionString = false })
            .RequireAuthorization(Policies.Administrator);
        return app;
    }

    private sealed class AllowPolicyFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}

internal sealed class DisposalTolerantLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

/// <summary>
/// A capability's recurring jobs; registered with explicit ids when a Hangfire server starts. Ids are
/// "capability:job-name" in kebab case (<c>scorecards:rollups</c>, <c>cases:deadline-check</c>). Renaming a job leaves
/// the old id scheduled in an existing Hangfire storage, so a renamed job's source also removes its old id
/// (<c>jobs.RemoveIfExists</c>): otherwise the job would run twice, once under each name.
/// </summary>
public interface IRecurringJobSource
{
    void Register(IRecurringJobManager jobs);
}

internal sealed class RecurringJobRegistrar(IRecurringJobManager jobs, IEnumerable<IRecurringJobSource> sources) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var source in sources) source.Register(jobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
