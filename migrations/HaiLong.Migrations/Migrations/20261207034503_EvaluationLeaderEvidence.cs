using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <summary>
    /// Issue 18, each body on its own evidence: the policy's table of what each leader role draws its satisfaction from, and
    /// which yearly-survey answers count. Policies an administrator had added get the rule they were computed with (the
    /// HĐND and UBND chairs on the ward's overall satisfaction, every other head on their agency; every yearly answer); the
    /// seeded version 1 gets the new table. Frozen cycles are unaffected: they speak only through their snapshot.
    /// </summary>
    public partial class EvaluationLeaderEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "leader_evidence",
                table: "evaluation_policies",
                type: "jsonb",
                nullable: false,
                defaultValue: "[{\"role\":\"PeoplesCouncil\",\"sources\":[{\"source\":\"Ward\",\"share\":100}]},{\"role\":\"PeoplesCommittee\",\"sources\":[{\"source\":\"Ward\",\"share\":100}]},{\"role\":\"ServiceCentre\",\"sources\":[{\"source\":\"Agency\",\"share\":100}]},{\"role\":\"PublicServiceUnit\",\"sources\":[{\"source\":\"Agency\",\"share\":100}]},{\"role\":\"Other\",\"sources\":[{\"source\":\"Agency\",\"share\":100}]}]");

            migrationBuilder.AddColumn<string>(
                name: "yearly_answers",
                table: "evaluation_policies",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "SampledAndOpen");

            migrationBuilder.UpdateData(
                table: "evaluation_policies",
                keyColumn: "id",
                keyValue: 1,
                columns: new[] { "leader_evidence", "yearly_answers" },
                values: new object[] { "[{\"role\":\"PeoplesCouncil\",\"sources\":[{\"source\":\"YearlySurvey\",\"criterion\":\"government.council\",\"share\":100}]},{\"role\":\"PeoplesCommittee\",\"sources\":[{\"source\":\"YearlySurvey\",\"criterion\":\"government.committee\",\"share\":50},{\"source\":\"WardService\",\"share\":50}]},{\"role\":\"ServiceCentre\",\"sources\":[{\"source\":\"Agency\",\"share\":100}]},{\"role\":\"PublicServiceUnit\",\"sources\":[{\"source\":\"Agency\",\"share\":100}]},{\"role\":\"Other\",\"sources\":[{\"source\":\"Agency\",\"share\":100}]}]", "SampledAndOpen" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "leader_evidence",
                table: "evaluation_policies");

            migrationBuilder.DropColumn(
                name: "yearly_answers",
                table: "evaluation_policies");
        }
    }
}
