using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class YearlySampleAndHeldResponses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "verdict",
                table: "review_items",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "held_by_review_item_id",
                table: "responses",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_responses_held_by_review_item_id",
                table: "responses",
                column: "held_by_review_item_id",
                filter: "held_by_review_item_id IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_responses_review_items_held_by_review_item_id",
                table: "responses",
                column: "held_by_review_item_id",
                principalTable: "review_items",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_responses_review_items_held_by_review_item_id",
                table: "responses");

            migrationBuilder.DropIndex(
                name: "ix_responses_held_by_review_item_id",
                table: "responses");

            migrationBuilder.DropColumn(
                name: "verdict",
                table: "review_items");

            migrationBuilder.DropColumn(
                name: "held_by_review_item_id",
                table: "responses");
        }
    }
}
