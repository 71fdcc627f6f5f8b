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
    /// The migrations were squashed three times before anything was deployed. On 25 Nov 2026 eleven became one InitialCreate;
    /// on 7 Dec 2026 that one and the four made after it became <c>20261207052454_InitialCreate</c>; later that day it and
    /// <c>20261207063000_Consultations</c> became today's <c>20261207094500_InitialCreate</c>, whose Up runs the same
    /// operations in the same order, so a database made by that two-migration chain has the identical schema
    /// (Foundation/SchemaSquashTests proves it). Such a database lists the two retired ids; when both are there, they are
    /// replaced by the new id so the history says what the code knows. A database that has only one of them (made between
    /// the two and never started since) lacks tables the new InitialCreate would be assumed to have made; it is refused with
    /// a message rather than run half-built — as is a database still listing an id of an earlier squash (any id older than
    /// the new one that is not retired). Nothing happens on a new or already-tidied database; migrations added after the
    /// squash have newer ids and are left alone.
    /// </summary>
    internal const string SquashedHistoryFix = """
        DO $$
        DECLARE
            retired text[] := ARRAY['20261207052454_InitialCreate', '20261207063000_Consultations'];
            squashed text := '20261207094500_InitialCreate';
            present int;
            version text;
        BEGIN
            -- Separate IFs: PL/pgSQL plans a whole condition, and the history table does not exist in a new database.
            IF to_regclass('"__EFMigrationsHistory"') IS NULL THEN RETURN; END IF;
            SELECT count(*) INTO present FROM "__EFMigrationsHistory" WHERE migration_id = ANY (retired);
            IF (present > 0 AND present < cardinality(retired))
                OR EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE migration_id < squashed AND migration_id <> ALL (retired))
                OR (present > 0 AND EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE migration_id <> ALL (retired))) THEN
                RAISE EXCEPTION 'This database was made by only part of the migrations that were squashed into InitialCreate; %',
                    'drop it (for the embedded cluster: delete its data folder) and start again';
            END IF;
            IF present = 0 THEN RETURN; END IF;
            SELECT max(product_version) INTO version FROM "__EFMigrationsHistory";
            DELETE FROM "__EFMigrationsHistory" WHERE migration_id = ANY (retired);
            INSERT INTO "__EFMigrationsHistory" (migration_id, product_version) VALUES (squashed, version);
        END $$;
        """;
}
