using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RejectedCandidatesAndVerifierVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "verifier_version",
                table: "traces",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "keep_rejected",
                table: "runs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "rejected",
                table: "runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "candidates_rejected",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    problem_id = table.Column<long>(type: "bigint", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text_compressed = table.Column<byte[]>(type: "bytea", nullable: false),
                    final_answer = table.Column<string>(type: "text", nullable: true),
                    token_count = table.Column<int>(type: "integer", nullable: false),
                    verdict = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    verifier = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    verifier_version = table.Column<int>(type: "integer", nullable: false),
                    candidate_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidates_rejected", x => x.id);
                    table.ForeignKey(
                        name: "fk_candidates_rejected_problem_id_run_id",
                        columns: x => new { x.problem_id, x.run_id },
                        principalTable: "problem_attempts",
                        principalColumns: new[] { "problem_id", "run_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_candidates_rejected_problem_id_run_id",
                table: "candidates_rejected",
                columns: new[] { "problem_id", "run_id" });

            migrationBuilder.CreateIndex(
                name: "ux_candidates_rejected_problem_id_candidate_hash",
                table: "candidates_rejected",
                columns: new[] { "problem_id", "candidate_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "candidates_rejected");

            migrationBuilder.DropColumn(
                name: "verifier_version",
                table: "traces");

            migrationBuilder.DropColumn(
                name: "keep_rejected",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "rejected",
                table: "runs");
        }
    }
}
