using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HaiLong.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Consultations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "community_conventions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_conventions", x => x.id);
                    table.ForeignKey(
                        name: "fk_community_conventions_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultation_policies",
                columns: table => new
                {
                    version = table.Column<int>(type: "integer", nullable: false),
                    meeting_quorum_share = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    decision_share = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    legal_basis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_policies", x => x.version);
                });

            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    representative_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    address = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    registered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    left_on = table.Column<DateOnly>(type: "date", nullable: true),
                    merged_into_id = table.Column<long>(type: "bigint", nullable: true),
                    split_from_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_households", x => x.id);
                    table.ForeignKey(
                        name: "fk_households_households_merged_into_id",
                        column: x => x.merged_into_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_households_households_split_from_id",
                        column: x => x.split_from_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_households_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "convention_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    convention_id = table.Column<int>(type: "integer", nullable: false),
                    reviewed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_convention_reviews", x => x.id);
                    table.ForeignKey(
                        name: "fk_convention_reviews_community_conventions_convention_id",
                        column: x => x.convention_id,
                        principalTable: "community_conventions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    description = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    policy_version = table.Column<int>(type: "integer", nullable: false),
                    convention_id = table.Column<int>(type: "integer", nullable: true),
                    meeting_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    meeting_place = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    paper_ballots = table.Column<bool>(type: "boolean", nullable: false),
                    online_opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    online_closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    meeting_chair = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    meeting_secretary = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    meeting_notes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    registered_households = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    hamlet_certified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    hamlet_certified_by = table.Column<Guid>(type: "uuid", nullable: true),
                    ward_certified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ward_certified_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultations", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultations_community_conventions_convention_id",
                        column: x => x.convention_id,
                        principalTable: "community_conventions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultations_consultation_policies_policy_version",
                        column: x => x.policy_version,
                        principalTable: "consultation_policies",
                        principalColumn: "version",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultations_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultation_documents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    consultation_id = table.Column<long>(type: "bigint", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    uploaded_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultation_documents_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consultation_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    consultation_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    options = table.Column<List<string>>(type: "text[]", nullable: false),
                    secret = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultation_items_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consultation_roll",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    consultation_id = table.Column<long>(type: "bigint", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    representative_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    address = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ballot_code_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    voted_channel = table.Column<int>(type: "integer", nullable: true),
                    voted_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_roll", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultation_roll_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultation_roll_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "convention_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    convention_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    approval_decision = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: true),
                    consultation_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_convention_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_convention_versions_community_conventions_convention_id",
                        column: x => x.convention_id,
                        principalTable: "community_conventions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_convention_versions_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultation_ballots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    consultation_id = table.Column<long>(type: "bigint", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    choice = table.Column<short>(type: "smallint", nullable: false),
                    channel = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_ballots", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultation_ballots_consultation_items_item_id",
                        column: x => x.item_id,
                        principalTable: "consultation_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultation_ballots_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultation_tallies",
                columns: table => new
                {
                    consultation_id = table.Column<long>(type: "bigint", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    choice = table.Column<short>(type: "smallint", nullable: false),
                    channel = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_tallies", x => new { x.consultation_id, x.item_id, x.choice, x.channel });
                    table.ForeignKey(
                        name: "fk_consultation_tallies_consultation_items_item_id",
                        column: x => x.item_id,
                        principalTable: "consultation_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultation_tallies_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultation_conflicts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    consultation_id = table.Column<long>(type: "bigint", nullable: false),
                    roll_entry_id = table.Column<long>(type: "bigint", nullable: false),
                    existing_channel = table.Column<int>(type: "integer", nullable: false),
                    attempted_channel = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_conflicts", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultation_conflicts_consultation_roll_roll_entry_id",
                        column: x => x.roll_entry_id,
                        principalTable: "consultation_roll",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultation_conflicts_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "paper_ballot_keyings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    consultation_id = table.Column<long>(type: "bigint", nullable: false),
                    roll_entry_id = table.Column<long>(type: "bigint", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    first_choices = table.Column<string>(type: "jsonb", nullable: true),
                    first_keyed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    first_keyed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    second_choices = table.Column<string>(type: "jsonb", nullable: true),
                    second_keyed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    second_keyed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<Guid>(type: "uuid", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_ballot_keyings", x => x.id);
                    table.ForeignKey(
                        name: "fk_paper_ballot_keyings_consultation_roll_roll_entry_id",
                        column: x => x.roll_entry_id,
                        principalTable: "consultation_roll",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_paper_ballot_keyings_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "consultation_policies",
                columns: new[] { "version", "created_at", "decision_share", "legal_basis", "meeting_quorum_share" },
                values: new object[] { 1, new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0.5m, "Luật Thực hiện dân chủ ở cơ sở 2022 (nội dung Nhân dân bàn và quyết định); Nghị định 59/2023/NĐ-CP; Nghị định 61/2023/NĐ-CP: hội nghị hợp lệ khi có trên 50% đại diện hộ gia đình tham dự; nội dung được quyết định khi có trên 50% tổng số hộ gia đình trên địa bàn tán thành.", 0.5m });

            migrationBuilder.CreateIndex(
                name: "ix_community_conventions_unit_id",
                table: "community_conventions",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_ballots_consultation_id",
                table: "consultation_ballots",
                column: "consultation_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_ballots_item_id",
                table: "consultation_ballots",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_conflicts_consultation_id",
                table: "consultation_conflicts",
                column: "consultation_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_conflicts_roll_entry_id",
                table: "consultation_conflicts",
                column: "roll_entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_documents_consultation_id",
                table: "consultation_documents",
                column: "consultation_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_items_consultation_id_position",
                table: "consultation_items",
                columns: new[] { "consultation_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consultation_roll_ballot_code_hash",
                table: "consultation_roll",
                column: "ballot_code_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consultation_roll_consultation_id_household_id",
                table: "consultation_roll",
                columns: new[] { "consultation_id", "household_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consultation_roll_household_id",
                table: "consultation_roll",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_tallies_item_id",
                table: "consultation_tallies",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultations_convention_id",
                table: "consultations",
                column: "convention_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultations_policy_version",
                table: "consultations",
                column: "policy_version");

            migrationBuilder.CreateIndex(
                name: "ix_consultations_unit_id_status",
                table: "consultations",
                columns: new[] { "unit_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_convention_reviews_convention_id_reviewed_on",
                table: "convention_reviews",
                columns: new[] { "convention_id", "reviewed_on" });

            migrationBuilder.CreateIndex(
                name: "ix_convention_versions_consultation_id",
                table: "convention_versions",
                column: "consultation_id");

            migrationBuilder.CreateIndex(
                name: "ix_convention_versions_convention_id_number",
                table: "convention_versions",
                columns: new[] { "convention_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_households_merged_into_id",
                table: "households",
                column: "merged_into_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_split_from_id",
                table: "households",
                column: "split_from_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_unit_id_code",
                table: "households",
                columns: new[] { "unit_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_paper_ballot_keyings_consultation_id_state",
                table: "paper_ballot_keyings",
                columns: new[] { "consultation_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_paper_ballot_keyings_roll_entry_id",
                table: "paper_ballot_keyings",
                column: "roll_entry_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consultation_ballots");

            migrationBuilder.DropTable(
                name: "consultation_conflicts");

            migrationBuilder.DropTable(
                name: "consultation_documents");

            migrationBuilder.DropTable(
                name: "consultation_tallies");

            migrationBuilder.DropTable(
                name: "convention_reviews");

            migrationBuilder.DropTable(
                name: "convention_versions");

            migrationBuilder.DropTable(
                name: "paper_ballot_keyings");

            migrationBuilder.DropTable(
                name: "consultation_items");

            migrationBuilder.DropTable(
                name: "consultation_roll");

            migrationBuilder.DropTable(
                name: "consultations");

            migrationBuilder.DropTable(
                name: "households");

            migrationBuilder.DropTable(
                name: "community_conventions");

            migrationBuilder.DropTable(
                name: "consultation_policies");
        }
    }
}
