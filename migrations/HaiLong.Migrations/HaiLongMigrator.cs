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
    /// The migrations were squashed twice before anything was deployed. On 25 Nov 2026 eleven became one InitialCreate that
    /// kept the first old id; on 7 Dec 2026 that InitialCreate and the four made after it became today's InitialCreate with a
    /// new id (<c>20261207052454_InitialCreate</c>), whose Up runs the same operations in the same order, so a database made by
    /// that chain has the identical schema (Foundation/SchemaSquashTests proves it). Such a database lists the five retired
    /// ids; when all five are there, they are replaced by the new id so the history says what the code knows. A database that
    /// has only some of them (an unfinished chain, or one made before a later migration and never started since) lacks columns
    /// the new InitialCreate would be assumed to have made; it is refused with a message rather than run half-built — as is a
    /// database still listing the eleven ids of the first squash. Nothing happens on a new or already-tidied database.
    /// </summary>
    internal const string SquashedHistoryFix = """
        DO $$
        DECLARE
            retired text[] := ARRAY['20261125141911_InitialCreate', '20261206231138_MustChangePassword',
                '20261207014950_EvaluationPolicyEvidenceMinimums', '20261207034043_YearlySampleAndHeldResponses',
                '20261207034503_EvaluationLeaderEvidence'];
            present int;
            version text;
        BEGIN
            -- Separate IFs: PL/pgSQL plans a whole condition, and the history table does not exist in a new database.
            IF to_regclass('"__EFMigrationsHistory"') IS NULL THEN RETURN; END IF;
            SELECT count(*) INTO present FROM "__EFMigrationsHistory" WHERE migration_id = ANY (retired);
            IF present = 0 THEN RETURN; END IF;
            IF present < cardinality(retired)
                OR EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE migration_id <> ALL (retired)) THEN
                RAISE EXCEPTION 'This database was made by only part of the migrations that were squashed into InitialCreate; %',
                    'drop it (for the embedded cluster: delete its data folder) and start again';
            END IF;
            SELECT max(product_version) INTO version FROM "__EFMigrationsHistory";
            DELETE FROM "__EFMigrationsHistory" WHERE migration_id = ANY (retired);
            INSERT INTO "__EFMigrationsHistory" (migration_id, product_version) VALUES ('20261207052454_InitialCreate', version);
        END $$;
        """;
}
