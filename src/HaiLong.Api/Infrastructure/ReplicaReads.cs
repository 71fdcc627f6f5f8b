using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// The one read-only way to query, for reads that may be a little stale: the scorecards (pages, API, exports), the public ward
/// page and its open data. Configured by <c>ConnectionStrings:HaiLongReadOnly</c> (typically the cluster's hosts with
/// <c>Target Session Attributes=prefer-standby</c>); unset, it reads the primary as everything else does. Never use it for
/// anything that must see its own write (a submission, a staff edit, a job): those take <see cref="HaiLongDbContext"/>.
/// </summary>
/// <remarks>
/// The context keeps one connection open for the request, so every query of a page and its freshness come from the same
/// server. It tracks nothing and refuses SaveChanges; on a separate server the session is also read-only
/// (<c>default_transaction_read_only</c>), so an ExecuteUpdate slipped in here fails on the primary too.
/// </remarks>
public sealed class ReplicaReads(ReplicaDatabase database, IHttpContextAccessor http) : IAsyncDisposable
{
    private HaiLongDbContext? _db;
    private bool _measured;
    private DateTimeOffset? _asOf;

    public HaiLongDbContext Db => _db ??= new HaiLongDbContext(database.Options);

    /// <summary>
    /// Vietnam time of the last transaction the server replayed when it is a standby (the page shows "số liệu đến HH:mm");
    /// null on the primary, where the data is current. Measured once, before the page's reads, on the connection they use,
    /// so the data is at least as new as the time shown.
    /// </summary>
    public async Task<DateTimeOffset?> AsOfAsync(CancellationToken ct)
    {
        if (_measured) return _asOf;
        _measured = true;
        // Without a read-only connection string the reads are the primary's: nothing to say, and no query to spend.
        if (!database.IsSeparate) return null;
        await Db.Database.OpenConnectionAsync(ct);
        await using var cmd = Db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var standby = reader.GetBoolean(0);
        _asOf = standby && !reader.IsDBNull(1) ? VietnamTime.Local(reader.GetFieldValue<DateTimeOffset>(1)) : null;
        if (_asOf is { } asOf && http.HttpContext is { } context)
        {
            // Machine-readable for the CSV and JSON readers, which have no place for the words.
            context.Response.Headers[AsOfHeader] = asOf.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        }
        return _asOf;
    }

    /// <summary>Set on a response whose data was read from a standby: the time of its last replayed transaction.</summary>
    public const string AsOfHeader = "X-Data-As-Of";

    /// <summary>
    /// The time the pages show after "số liệu đến": HH:mm, with the day when it is not today (Vietnam time), so a standby
    /// that stopped replaying days ago cannot pass for current.
    /// </summary>
    public static string AsOfText(DateTimeOffset asOf, TimeProvider clock)
    {
        var local = VietnamTime.Local(asOf);
        var format = VietnamTime.DateOf(local) == VietnamTime.Today(clock) ? "HH:mm" : "HH:mm dd/MM/yyyy";
        return local.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }
}

/// <summary>
/// Where <see cref="ReplicaReads"/> goes: the read-only data source when one is configured, else the primary's. Built once;
/// disposes the data source it built.
/// </summary>
public sealed class ReplicaDatabase : IAsyncDisposable
{
    public const string ConnectionName = "HaiLongReadOnly";

    private readonly NpgsqlDataSource? _own;

    public ReplicaDatabase(IConfiguration configuration, NpgsqlDataSource primary)
    {
        var configured = configuration.GetConnectionString(ConnectionName);
        NpgsqlDataSource source;
        if (string.IsNullOrWhiteSpace(configured))
        {
            source = primary;
        }
        else
        {
            _own = source = new NpgsqlDataSourceBuilder(DatabaseSetup.ForReadOnly(configured)).Build();
        }
        Options = new DbContextOptionsBuilder<HaiLongDbContext>()
            .UseHaiLongPostgres(source)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .AddInterceptors(new RefuseSaving())
            .Options;
    }

    /// <summary>True when the reads go to a server (or servers) of their own, possibly a standby.</summary>
    public bool IsSeparate => _own is not null;

    public DbContextOptions<HaiLongDbContext> Options { get; }

    public async ValueTask DisposeAsync()
    {
        if (_own is not null) await _own.DisposeAsync();
    }

    private sealed class RefuseSaving : SaveChangesInterceptor
    {
        private static InvalidOperationException Refused() =>
            new("ReplicaReads is read-only: write through HaiLongDbContext, which goes to the primary.");

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) => throw Refused();

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) => throw Refused();
    }
}

/// <summary>
/// Marks an operation whose data may come from a standby, so the OpenAPI document declares <see cref="ReplicaReads.AsOfHeader"/>
/// on its 200 (OpenApiSetup): a client generated from the document learns that the header exists and what it means.
/// </summary>
public sealed class MayReadFromStandbyMetadata
{
    public static readonly MayReadFromStandbyMetadata Instance = new();

    private MayReadFromStandbyMetadata()
    {
    }
}

public static class ReplicaReadsEndpoints
{
    /// <summary>The operation reads through <see cref="ReplicaReads"/> and may answer with X-Data-As-Of.</summary>
    public static TBuilder MayReadFromStandby<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(MayReadFromStandbyMetadata.Instance);
}
