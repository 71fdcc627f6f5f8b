using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class EvaluationsFrozenGuard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A frozen evaluation is the record behind a personnel decision: the database itself refuses to change it or
            // anything that belongs to it, whatever code path (or hand-written SQL) tries. Freezing (Computed -> Frozen) is
            // allowed because the guard looks at the row as it was before the update.
            migrationBuilder.Sql("""
                CREATE FUNCTION evaluation_cycle_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.status = 'Frozen' THEN
                        RAISE EXCEPTION 'evaluation cycle % is frozen and cannot be changed; start a new version', OLD.id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END $$;

                CREATE TRIGGER evaluation_cycles_frozen_guard BEFORE UPDATE OR DELETE ON evaluation_cycles
                    FOR EACH ROW EXECUTE FUNCTION evaluation_cycle_frozen_guard();

                CREATE FUNCTION evaluation_part_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    cycle bigint := CASE WHEN TG_OP = 'INSERT' THEN NEW.cycle_id ELSE OLD.cycle_id END;
                BEGIN
                    IF EXISTS (SELECT 1 FROM evaluation_cycles WHERE id = cycle AND status = 'Frozen')
                        OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM evaluation_cycles WHERE id = NEW.cycle_id AND status = 'Frozen')) THEN
                        RAISE EXCEPTION 'evaluation cycle % is frozen: % cannot be changed', cycle, TG_TABLE_NAME
                            USING ERRCODE = 'check_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END $$;

                CREATE TRIGGER evaluation_results_frozen_guard BEFORE INSERT OR UPDATE OR DELETE ON evaluation_results
                    FOR EACH ROW EXECUTE FUNCTION evaluation_part_frozen_guard();
                CREATE TRIGGER evaluation_targets_frozen_guard BEFORE INSERT OR UPDATE OR DELETE ON evaluation_targets
                    FOR EACH ROW EXECUTE FUNCTION evaluation_part_frozen_guard();
                CREATE TRIGGER evaluation_dossier_figures_frozen_guard BEFORE INSERT OR UPDATE OR DELETE ON evaluation_dossier_figures
                    FOR EACH ROW EXECUTE FUNCTION evaluation_part_frozen_guard();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER evaluation_dossier_figures_frozen_guard ON evaluation_dossier_figures;
                DROP TRIGGER evaluation_targets_frozen_guard ON evaluation_targets;
                DROP TRIGGER evaluation_results_frozen_guard ON evaluation_results;
                DROP FUNCTION evaluation_part_frozen_guard();
                DROP TRIGGER evaluation_cycles_frozen_guard ON evaluation_cycles;
                DROP FUNCTION evaluation_cycle_frozen_guard();
                """);
        }
    }
}
