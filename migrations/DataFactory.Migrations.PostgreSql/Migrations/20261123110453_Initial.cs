using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "problem_sets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_problem_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "problems",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    set_id = table.Column<long>(type: "bigint", nullable: false),
                    external_id = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    prompt = table.Column<string>(type: "text", nullable: false),
                    answer = table.Column<string>(type: "text", nullable: true),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    numbers = table.Column<long[]>(type: "bigint[]", nullable: true),
                    target = table.Column<long>(type: "bigint", nullable: true),
                    options = table.Column<string[]>(type: "text[]", nullable: true),
                    tests = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    content_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_problems", x => x.id);
                    table.ForeignKey(
                        name: "fk_problems_set_id",
                        column: x => x.set_id,
                        principalTable: "problem_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    set_id = table.Column<long>(type: "bigint", nullable: false),
                    model_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    model_path = table.Column<string>(type: "text", nullable: true),
                    model_hash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    sampling = table.Column<string>(type: "jsonb", nullable: false),
                    strategy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    samples_per_problem = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    problems_total = table.Column<int>(type: "integer", nullable: false),
                    problems_done = table.Column<int>(type: "integer", nullable: false),
                    problems_failed = table.Column<int>(type: "integer", nullable: false),
                    candidates = table.Column<long>(type: "bigint", nullable: false),
                    verified = table.Column<long>(type: "bigint", nullable: false),
                    traces = table.Column<long>(type: "bigint", nullable: false),
                    tokens = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_runs_set_id",
                        column: x => x.set_id,
                        principalTable: "problem_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "problem_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    problem_id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    candidates = table.Column<int>(type: "integer", nullable: false),
                    correct = table.Column<int>(type: "integer", nullable: false),
                    tokens = table.Column<long>(type: "bigint", nullable: false),
                    pass_rate = table.Column<double>(type: "double precision", nullable: true),
                    failure_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_problem_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_problem_attempts_problem_id",
                        column: x => x.problem_id,
                        principalTable: "problems",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_problem_attempts_run_id",
                        column: x => x.run_id,
                        principalTable: "runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "traces",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    problem_id = table.Column<long>(type: "bigint", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    final_answer = table.Column<string>(type: "text", nullable: true),
                    token_count = table.Column<int>(type: "integer", nullable: false),
                    verdict = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    verifier = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    trace_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_traces", x => x.id);
                    table.ForeignKey(
                        name: "fk_traces_problem_id",
                        column: x => x.problem_id,
                        principalTable: "problems",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_traces_run_id",
                        column: x => x.run_id,
                        principalTable: "runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_problem_attempts_problem_id",
                table: "problem_attempts",
                column: "problem_id");

            migrationBuilder.CreateIndex(
                name: "ux_problem_attempts_run_id_problem_id",
                table: "problem_attempts",
                columns: new[] { "run_id", "problem_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_problem_sets_name",
                table: "problem_sets",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_problems_set_id_content_hash",
                table: "problems",
                columns: new[] { "set_id", "content_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_problems_set_id_external_id",
                table: "problems",
                columns: new[] { "set_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_runs_created_at",
                table: "runs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_runs_set_id",
                table: "runs",
                column: "set_id");

            migrationBuilder.CreateIndex(
                name: "ix_traces_problem_id_id",
                table: "traces",
                columns: new[] { "problem_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_traces_run_id",
                table: "traces",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ux_traces_problem_id_trace_hash",
                table: "traces",
                columns: new[] { "problem_id", "trace_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "problem_attempts");

            migrationBuilder.DropTable(
                name: "traces");

            migrationBuilder.DropTable(
                name: "problems");

            migrationBuilder.DropTable(
                name: "runs");

            migrationBuilder.DropTable(
                name: "problem_sets");
        }
    }
}
