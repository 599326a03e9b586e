using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StepLabelsSearchConsensus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "consensus",
                table: "traces",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "vote_share",
                table: "traces",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "beam",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "consensus_min_share",
                table: "runs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "consensus_min_votes",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "consensus_traces",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "expand",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "label_search",
                table: "runs",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "labelled_candidates",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "labelled_steps",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "max_per_problem",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "problems_labelled",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "rollouts",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "rollouts_per_prefix",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "consensus",
                table: "problem_sets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "pseudo_label",
                table: "problem_attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "vote_share",
                table: "problem_attempts",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "votes",
                table: "problem_attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "step_labels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    problem_id = table.Column<long>(type: "INTEGER", nullable: false),
                    candidate_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    candidate_verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    step_index = table.Column<int>(type: "INTEGER", nullable: false),
                    step_count = table.Column<int>(type: "INTEGER", nullable: false),
                    step_text = table.Column<string>(type: "TEXT", nullable: false),
                    soft_label = table.Column<double>(type: "REAL", nullable: false),
                    hard_label = table.Column<bool>(type: "INTEGER", nullable: false),
                    rollouts = table.Column<int>(type: "INTEGER", nullable: false),
                    successes = table.Column<int>(type: "INTEGER", nullable: false),
                    search = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    first_error = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_step_labels", x => x.id);
                    table.ForeignKey(
                        name: "fk_step_labels_problem_id_run_id",
                        columns: x => new { x.problem_id, x.run_id },
                        principalTable: "problem_attempts",
                        principalColumns: new[] { "problem_id", "run_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_step_labels_problem_id_run_id",
                table: "step_labels",
                columns: new[] { "problem_id", "run_id" });

            migrationBuilder.CreateIndex(
                name: "ux_step_labels_run_id_problem_id_candidate_hash_step_index",
                table: "step_labels",
                columns: new[] { "run_id", "problem_id", "candidate_hash", "step_index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "step_labels");

            migrationBuilder.DropColumn(
                name: "consensus",
                table: "traces");

            migrationBuilder.DropColumn(
                name: "vote_share",
                table: "traces");

            migrationBuilder.DropColumn(
                name: "beam",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "consensus_min_share",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "consensus_min_votes",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "consensus_traces",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "expand",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "label_search",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "labelled_candidates",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "labelled_steps",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "max_per_problem",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "problems_labelled",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "rollouts",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "rollouts_per_prefix",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "consensus",
                table: "problem_sets");

            migrationBuilder.DropColumn(
                name: "pseudo_label",
                table: "problem_attempts");

            migrationBuilder.DropColumn(
                name: "vote_share",
                table: "problem_attempts");

            migrationBuilder.DropColumn(
                name: "votes",
                table: "problem_attempts");
        }
    }
}
