using Microsoft.EntityFrameworkCore;

namespace HaiLong.Migrations;

/// <summary>The one way HaiLong applies its migrations: start-up (DatabaseSetup) and the bench call this, not MigrateAsync.</summary>
public static class HaiLongMigrator
{
    /// <summary>Brings the database to the latest migration, after tidying the history of a database made before the squash.</summary>
    public static async Task MigrateAsync(DbContext db, CancellationToken ct = default)
    {
        await db.Database.ExecuteSqlRawAsync(SquashedHistoryFix, ct);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// On 25 Nov 2026 eleven migrations were squashed into one InitialCreate that kept the FIRST old id, so a database made by
    /// the old chain (a developer's embedded cluster, the bench's) already lists it as applied and has the identical schema
    /// (Foundation/SchemaSquashTests proves it). Its history still lists the ten later ids, which no migration carries any
    /// more: when the last of them is there, they are deleted so the history says what the code knows. A database that has
    /// only some of them was made by an unfinished chain and lacks tables the squashed migration would be assumed to have
    /// created; it is refused with a message rather than run half-built. Nothing happens on a new or already-tidied database.
    /// </summary>
    internal const string SquashedHistoryFix = """
        DO $$
        DECLARE
            retired text[] := ARRAY['20261125142326_DataProtectionKeys', '20261125142503_ReviewItems',
                '20261125142616_LikertOnlyScores', '20261125142919_Cases', '20261125143003_Evaluations', '20261125143224_Registry',
                '20261125143410_Surveys', '20261125144853_ScorecardProcedureRollups', '20261125144909_EvaluationsFrozenGuard',
                '20261125152618_InstallationSecrets'];
        BEGIN
            -- Separate IFs: PL/pgSQL plans a whole condition, and the history table does not exist in a new database.
            IF to_regclass('"__EFMigrationsHistory"') IS NULL THEN RETURN; END IF;
            IF NOT EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE migration_id = ANY (retired)) THEN RETURN; END IF;
            IF NOT EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE migration_id = '20261125152618_InstallationSecrets') THEN
                RAISE EXCEPTION 'This database was made by only part of the migrations that were squashed into InitialCreate; drop it (for the embedded cluster: delete its data folder) and start again';
            END IF;
            DELETE FROM "__EFMigrationsHistory" WHERE migration_id = ANY (retired);
        END $$;
        """;
}
