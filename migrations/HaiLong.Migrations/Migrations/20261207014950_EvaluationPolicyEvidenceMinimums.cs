using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <summary>
    /// Issue 18: minimum evidence for the case and target components. Policies an administrator added keep 0 (no minimum,
    /// what they were computed with); the seeded default (version 1, what every demo and new cycle uses unless told) gets
    /// 10 cases come due and 1 reported target, so one petition can no longer decide a leader's level. Frozen cycles are
    /// unaffected: they speak only through their snapshot.
    /// </summary>
    public partial class EvaluationPolicyEvidenceMinimums : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "minimum_cases_due",
                table: "evaluation_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "minimum_targets_reported",
                table: "evaluation_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.UpdateData(
                table: "evaluation_policies",
                keyColumn: "id",
                keyValue: 1,
                columns: new[] { "minimum_cases_due", "minimum_targets_reported" },
                values: new object[] { 10, 1 });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "minimum_cases_due",
                table: "evaluation_policies");

            migrationBuilder.DropColumn(
                name: "minimum_targets_reported",
                table: "evaluation_policies");
        }
    }
}
