using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Evaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "evaluation_policies",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    basis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    official_satisfaction_weight = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    official_cases_weight = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    leader_satisfaction_weight = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    leader_cases_weight = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    leader_targets_weight = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    excellent_from = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    good_from = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    completed_from = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    minimum_responses = table.Column<int>(type: "integer", nullable: false),
                    shrinkage_strength = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    warning_below_rate = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    warning_consecutive_quarters = table.Column<int>(type: "integer", nullable: false),
                    minimum_quarter_responses = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_cycles",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    previous_version_id = table.Column<long>(type: "bigint", nullable: true),
                    policy_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    frozen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    frozen_by = table.Column<Guid>(type: "uuid", nullable: true),
                    inputs = table.Column<string>(type: "jsonb", nullable: true),
                    snapshot = table.Column<string>(type: "text", nullable: true),
                    snapshot_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_cycles", x => x.id);
                    table.ForeignKey(
                        name: "fk_evaluation_cycles_evaluation_cycles_previous_version_id",
                        column: x => x.previous_version_id,
                        principalTable: "evaluation_cycles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evaluation_cycles_evaluation_policies_policy_id",
                        column: x => x.policy_id,
                        principalTable: "evaluation_policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evaluation_cycles_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_dossier_figures",
                columns: table => new
                {
                    cycle_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    dossiers_total = table.Column<int>(type: "integer", nullable: false),
                    dossiers_overdue = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_dossier_figures", x => new { x.cycle_id, x.unit_id });
                    table.ForeignKey(
                        name: "fk_evaluation_dossier_figures_evaluation_cycles_cycle_id",
                        column: x => x.cycle_id,
                        principalTable: "evaluation_cycles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_evaluation_dossier_figures_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_progress",
                columns: table => new
                {
                    cycle_id = table.Column<long>(type: "bigint", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_progress", x => x.cycle_id);
                    table.ForeignKey(
                        name: "fk_evaluation_progress_evaluation_cycles_cycle_id",
                        column: x => x.cycle_id,
                        principalTable: "evaluation_cycles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cycle_id = table.Column<long>(type: "bigint", nullable: false),
                    official_id = table.Column<int>(type: "integer", nullable: false),
                    is_leader = table.Column<bool>(type: "boolean", nullable: false),
                    components = table.Column<string>(type: "jsonb", nullable: false),
                    score = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: true),
                    proposed_level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false),
                    commendation_candidate = table.Column<bool>(type: "boolean", nullable: false),
                    warning = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    noted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    noted_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_results", x => x.id);
                    table.ForeignKey(
                        name: "fk_evaluation_results_evaluation_cycles_cycle_id",
                        column: x => x.cycle_id,
                        principalTable: "evaluation_cycles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_evaluation_results_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cycle_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    target_value = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    achieved_value = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: true),
                    evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_targets", x => x.id);
                    table.ForeignKey(
                        name: "fk_evaluation_targets_evaluation_cycles_cycle_id",
                        column: x => x.cycle_id,
                        principalTable: "evaluation_cycles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_evaluation_targets_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "evaluation_policies",
                columns: new[] { "id", "basis", "completed_from", "created_at", "excellent_from", "good_from", "leader_cases_weight", "leader_satisfaction_weight", "leader_targets_weight", "minimum_quarter_responses", "minimum_responses", "official_cases_weight", "official_satisfaction_weight", "shrinkage_strength", "version", "warning_below_rate", "warning_consecutive_quarters" },
                values: new object[] { 1, "Mặc định: thang 100 điểm theo Nghị định 335/2025/NĐ-CP (≥ 90 / 70–< 90 / 50–< 70 / < 50); tối thiểu 50 phiếu.", 50m, new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 90m, 70m, 25m, 50m, 25m, 30, 50, 30m, 70m, 20m, 1, 0.6m, 2 });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_cycles_policy_id",
                table: "evaluation_cycles",
                column: "policy_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_cycles_previous_version_id",
                table: "evaluation_cycles",
                column: "previous_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_cycles_unit_id_year_version",
                table: "evaluation_cycles",
                columns: new[] { "unit_id", "year", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_dossier_figures_unit_id",
                table: "evaluation_dossier_figures",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_policies_version",
                table: "evaluation_policies",
                column: "version",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_results_cycle_id_official_id",
                table: "evaluation_results",
                columns: new[] { "cycle_id", "official_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_results_official_id",
                table: "evaluation_results",
                column: "official_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_targets_cycle_id_unit_id",
                table: "evaluation_targets",
                columns: new[] { "cycle_id", "unit_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_targets_unit_id",
                table: "evaluation_targets",
                column: "unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_dossier_figures");

            migrationBuilder.DropTable(
                name: "evaluation_progress");

            migrationBuilder.DropTable(
                name: "evaluation_results");

            migrationBuilder.DropTable(
                name: "evaluation_targets");

            migrationBuilder.DropTable(
                name: "evaluation_cycles");

            migrationBuilder.DropTable(
                name: "evaluation_policies");
        }
    }
}
