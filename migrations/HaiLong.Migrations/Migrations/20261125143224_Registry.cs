using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddCheckConstraint(
                name: "ck_service_point_shifts_period",
                table: "service_point_shifts",
                sql: "ends_at IS NULL OR ends_at > starts_at");

            migrationBuilder.AddCheckConstraint(
                name: "ck_officials_active_period",
                table: "officials",
                sql: "active_to IS NULL OR active_to >= active_from");

            // Two shifts on one counter may not overlap: the database decides, so two administrators recording shifts at
            // the same moment cannot both win. EF cannot express an exclusion constraint; btree_gist lets the gist index
            // compare the counter id with "=" (it is a trusted extension, so the database owner may create it).
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gist;");
            migrationBuilder.Sql("""
                ALTER TABLE service_point_shifts ADD CONSTRAINT ex_service_point_shifts_no_overlap
                EXCLUDE USING gist (service_point_id WITH =, tstzrange(starts_at, ends_at) WITH &&);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE service_point_shifts DROP CONSTRAINT ex_service_point_shifts_no_overlap;");

            migrationBuilder.DropCheckConstraint(
                name: "ck_service_point_shifts_period",
                table: "service_point_shifts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_officials_active_period",
                table: "officials");
        }
    }
}
