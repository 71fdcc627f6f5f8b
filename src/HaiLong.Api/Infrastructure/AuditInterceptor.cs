using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// Writes an audit entry for every change to an <see cref="IAudited"/> entity, in the same transaction as the change:
/// ids of new rows are only known after the insert, so the entries are written in a second save before the commit.
/// One instance serves every context of the app (a singleton), so the context's options are built once, not per request
/// (BENCHMARKS.md: that set-up was a fifth of what a QR issue allocated); what a save carries from SavingChanges to
/// SavedChanges is kept per context (<see cref="SaveState"/>), as a context is used by one request at a time (contexts are
/// pooled: see Collect).
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor httpContext, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly System.Collections.Frozen.FrozenSet<string> SecretProperties =
        System.Collections.Frozen.FrozenSet.Create("PasswordHash", "SecurityStamp", "ConcurrencyStamp");

    /// <summary>One save's state, from SavingChanges to SavedChanges or SaveChangesFailed, of one context.</summary>
    private sealed class SaveState
    {
        public List<(EntityEntry Entry, string Action, Dictionary<string, object?> Changes)>? Pending;
        public IDbContextTransaction? OwnTransaction;
        public bool WritingAudit;
        public bool? SavepointsBefore;
    }

    // Weak: an entry goes with its context, and a context is never kept alive by the audit.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, SaveState> _saves = new();

    private SaveState? StateOf(DbContext? context) => context is null ? null : _saves.GetOrCreateValue(context);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Collect(eventData.Context) is { } db && db.Database.CurrentTransaction is null)
        {
            var state = StateOf(db)!;
            state.OwnTransaction = db.Database.BeginTransaction();
            WithoutSavepoints(db, state);
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Collect(eventData.Context) is { } db && db.Database.CurrentTransaction is null)
        {
            var state = StateOf(db)!;
            state.OwnTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
            WithoutSavepoints(db, state);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (!AddEntries(eventData.Context, out var db, out var state)) return result;
        state.WritingAudit = true;
        try
        {
            db.SaveChanges();
            state.OwnTransaction?.Commit();
        }
        finally
        {
            state.WritingAudit = false;
            state.OwnTransaction?.Dispose();
            state.OwnTransaction = null;
            RestoreSavepoints(db, state);
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (!AddEntries(eventData.Context, out var db, out var state)) return result;
        state.WritingAudit = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (state.OwnTransaction is not null) await state.OwnTransaction.CommitAsync(cancellationToken);
        }
        finally
        {
            state.WritingAudit = false;
            if (state.OwnTransaction is not null) await state.OwnTransaction.DisposeAsync();
            state.OwnTransaction = null;
            RestoreSavepoints(db, state);
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (StateOf(eventData.Context) is not { WritingAudit: false } state) return;
        state.Pending = null;
        state.OwnTransaction?.Dispose();
        state.OwnTransaction = null;
        RestoreSavepoints(eventData.Context!, state);
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (StateOf(eventData.Context) is not { WritingAudit: false } state) return;
        state.Pending = null;
        if (state.OwnTransaction is not null) await state.OwnTransaction.DisposeAsync();
        state.OwnTransaction = null;
        RestoreSavepoints(eventData.Context!, state);
    }

    /// <summary>
    /// In a transaction of its own EF would wrap each of the two saves in a SAVEPOINT and a RELEASE: four round trips more
    /// per audited save (nine instead of five for an issued QR, from PostgreSQL's statement log, BENCHMARKS.md §4), and
    /// useless here, since a failed save rolls the whole transaction back.
    /// </summary>
    private static void WithoutSavepoints(DbContext db, SaveState state)
    {
        state.SavepointsBefore = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
    }

    private static void RestoreSavepoints(DbContext db, SaveState state)
    {
        if (state.SavepointsBefore is { } before) db.Database.AutoSavepointsEnabled = before;
        state.SavepointsBefore = null;
    }

    /// <summary>Remembers the audited changes about to be saved; returns the context when there are any.</summary>
    private HaiLongDbContext? Collect(DbContext? context)
    {
        if (context is not HaiLongDbContext db || StateOf(db) is not { WritingAudit: false } state) return null;
        var pending = db.ChangeTracker.Entries()
            .Where(e => e.Entity is IAudited && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => (e, Action(e), Changes(e)))
            .ToList();
        // Set at every save, even to nothing: a pooled context serves many requests, and a save that failed before
        // SavedChanges must leave nothing behind for the next request's save to write.
        state.Pending = pending.Count == 0 ? null : pending;
        return state.Pending is null ? null : db;
    }

    private bool AddEntries(DbContext? context, out HaiLongDbContext db, out SaveState state)
    {
        db = null!;
        state = null!;
        if (context is not HaiLongDbContext ctx || StateOf(ctx) is not { WritingAudit: false, Pending: { } pending } s) return false;
        db = ctx;
        state = s;
        var actor = ActorId();
        var now = clock.GetUtcNow();
        foreach (var (entry, action, changes) in pending)
        {
            var key = entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                ActorId = actor,
                Action = action,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = string.Join('/', key),
                Details = JsonSerializer.Serialize(changes),
            });
        }
        state.Pending = null;
        return true;
    }

    private Guid? ActorId() =>
        Guid.TryParse(httpContext.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    private static string Action(EntityEntry e) => Action(e.Metadata.ClrType, e.State);

    private static string Action(Type entity, EntityState state) => $"{entity.Name}.{state switch
    {
        EntityState.Added => "created",
        EntityState.Deleted => "deleted",
        _ => "updated",
    }}";

    /// <summary>
    /// The action, object type and details of an entity's "created" entry, for an insert that writes its audit entries itself
    /// (a QR at the counter, a batch of yearly slips): what the interceptor records for an added entity, read from the model's
    /// property getters rather than through <c>db.Entry</c>, whose change-tracker set-up was 6 % of a QR issue's CPU
    /// (BENCHMARKS.md §4). The type must have no shadow property: only the change tracker holds those values.
    /// </summary>
    public static (string Action, string EntityType, string Details) CreatedEntry(IEntityType type, object entity)
    {
        var details = new Dictionary<string, object?>();
        foreach (var property in type.GetProperties())
        {
            if (property.IsShadowProperty()) throw new ArgumentException($"{type.ClrType.Name}.{property.Name} is a shadow property.", nameof(type));
            if (property.IsPrimaryKey() || SecretProperties.Contains(property.Name)) continue;
            details[property.Name] = property.GetGetter().GetClrValue(entity);
        }
        return (Action(type.ClrType, EntityState.Added), type.ClrType.Name, JsonSerializer.Serialize(details));
    }

    private static Dictionary<string, object?> Changes(EntityEntry e)
    {
        var props = e.Properties.Where(p => !SecretProperties.Contains(p.Metadata.Name));
        return e.State switch
        {
            EntityState.Modified => props.Where(p => p.IsModified)
                .ToDictionary(p => p.Metadata.Name, p => (object?)new { from = p.OriginalValue, to = p.CurrentValue }),
            EntityState.Deleted => props.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue),
            _ => props.Where(p => !p.Metadata.IsPrimaryKey()).ToDictionary(p => p.Metadata.Name, p => p.CurrentValue),
        };
    }
}

/// <summary>Records events that are not entity changes: sign-ins, refused authorisations, reads of personal data.</summary>
public sealed class AuditLog(HaiLongDbContext db, IHttpContextAccessor httpContext, TimeProvider clock)
{
    public async Task RecordAsync(string action, string? entityType = null, string? entityId = null, object? details = null,
        Guid? actorId = null, CancellationToken ct = default)
    {
        var actor = actorId ?? (Guid.TryParse(httpContext.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO audit_entries (at, actor_id, action, entity_type, entity_id, details)
            VALUES ({clock.GetUtcNow()}, {actor}, {action}, {entityType}, {entityId}, {(details is null ? null : JsonSerializer.Serialize(details))}::jsonb)
            """, ct);
    }
}
