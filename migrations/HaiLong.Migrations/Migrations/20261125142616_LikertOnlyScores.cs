using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LikertOnlyScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_response_answers_score",
                table: "response_answers");

            migrationBuilder.AddCheckConstraint(
                name: "ck_response_answers_score",
                table: "response_answers",
                sql: "score IS NULL OR score BETWEEN 1 AND 5");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_response_answers_score",
                table: "response_answers");

            migrationBuilder.AddCheckConstraint(
                name: "ck_response_answers_score",
                table: "response_answers",
                sql: "score IS NULL OR score BETWEEN 0 AND 5");
        }
    }
}
