using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class HarvestRejectedLineageContamination : Migration
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

            migrationBuilder.AddColumn<int>(
                name: "budget",
                table: "runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "duplicates",
                table: "runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "first_round",
                table: "runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "keep_rejected",
                table: "runs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "model_id",
                table: "runs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "problems_exhausted",
                table: "runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "rejected",
                table: "runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "target_verified",
                table: "runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contamination_benchmark",
                table: "problems",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contamination_benchmark_id",
                table: "problems",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "contamination_overlap",
                table: "problems",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "exhausted",
                table: "problem_attempts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

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

            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    path = table.Column<string>(type: "text", nullable: true),
                    trained_on_runs = table.Column<string>(type: "jsonb", nullable: false),
                    training = table.Column<string>(type: "jsonb", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_models", x => x.id);
                    table.ForeignKey(
                        name: "fk_models_parent_id",
                        column: x => x.parent_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    problems = table.Column<int>(type: "integer", nullable: false),
                    settings = table.Column<string>(type: "jsonb", nullable: false),
                    figures = table.Column<string>(type: "jsonb", nullable: false),
                    mean_pass_at1 = table.Column<double>(type: "double precision", nullable: false),
                    shared_with_training = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluations", x => x.id);
                    table.ForeignKey(
                        name: "fk_evaluations_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_runs_model_id",
                table: "runs",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidates_rejected_problem_id_run_id",
                table: "candidates_rejected",
                columns: new[] { "problem_id", "run_id" });

            migrationBuilder.CreateIndex(
                name: "ux_candidates_rejected_problem_id_candidate_hash",
                table: "candidates_rejected",
                columns: new[] { "problem_id", "candidate_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_model_id_created_at",
                table: "evaluations",
                columns: new[] { "model_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_models_parent_id",
                table: "models",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ux_models_fingerprint",
                table: "models",
                column: "fingerprint",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_runs_model_id",
                table: "runs",
                column: "model_id",
                principalTable: "models",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_runs_model_id",
                table: "runs");

            migrationBuilder.DropTable(
                name: "candidates_rejected");

            migrationBuilder.DropTable(
                name: "evaluations");

            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropIndex(
                name: "ix_runs_model_id",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "verifier_version",
                table: "traces");

            migrationBuilder.DropColumn(
                name: "budget",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "duplicates",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "first_round",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "keep_rejected",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "model_id",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "problems_exhausted",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "rejected",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "target_verified",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "contamination_benchmark",
                table: "problems");

            migrationBuilder.DropColumn(
                name: "contamination_benchmark_id",
                table: "problems");

            migrationBuilder.DropColumn(
                name: "contamination_overlap",
                table: "problems");

            migrationBuilder.DropColumn(
                name: "exhausted",
                table: "problem_attempts");
        }
    }
}
