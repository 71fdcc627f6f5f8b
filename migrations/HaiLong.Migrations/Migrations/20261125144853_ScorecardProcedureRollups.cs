using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ScorecardProcedureRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "procedure_rollups",
                columns: table => new
                {
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    procedure_id = table.Column<int>(type: "integer", nullable: false),
                    period_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    criterion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    sum = table.Column<long>(type: "bigint", nullable: false),
                    sum_squares = table.Column<long>(type: "bigint", nullable: false),
                    score1 = table.Column<long>(type: "bigint", nullable: false),
                    score2 = table.Column<long>(type: "bigint", nullable: false),
                    score3 = table.Column<long>(type: "bigint", nullable: false),
                    score4 = table.Column<long>(type: "bigint", nullable: false),
                    score5 = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_procedure_rollups", x => new { x.unit_id, x.period_kind, x.period_start, x.procedure_id, x.criterion });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "procedure_rollups");
        }
    }
}
