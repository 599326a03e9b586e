using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TracesBelongToAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_traces_problem_id",
                table: "traces");

            migrationBuilder.DropForeignKey(
                name: "fk_traces_run_id",
                table: "traces");

            migrationBuilder.DropIndex(
                name: "ix_traces_problem_id_id",
                table: "traces");

            migrationBuilder.DropIndex(
                name: "ix_traces_run_id",
                table: "traces");

            migrationBuilder.DropIndex(
                name: "ix_problem_attempts_problem_id",
                table: "problem_attempts");

            migrationBuilder.AddUniqueConstraint(
                name: "ak_problem_attempts_problem_id_run_id",
                table: "problem_attempts",
                columns: new[] { "problem_id", "run_id" });

            migrationBuilder.CreateIndex(
                name: "ix_traces_problem_id_run_id_id",
                table: "traces",
                columns: new[] { "problem_id", "run_id", "id" });

            migrationBuilder.AddForeignKey(
                name: "fk_traces_problem_id_run_id",
                table: "traces",
                columns: new[] { "problem_id", "run_id" },
                principalTable: "problem_attempts",
                principalColumns: new[] { "problem_id", "run_id" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_traces_problem_id_run_id",
                table: "traces");

            migrationBuilder.DropIndex(
                name: "ix_traces_problem_id_run_id_id",
                table: "traces");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_problem_attempts_problem_id_run_id",
                table: "problem_attempts");

            migrationBuilder.CreateIndex(
                name: "ix_traces_problem_id_id",
                table: "traces",
                columns: new[] { "problem_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_traces_run_id",
                table: "traces",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ix_problem_attempts_problem_id",
                table: "problem_attempts",
                column: "problem_id");

            migrationBuilder.AddForeignKey(
                name: "fk_traces_problem_id",
                table: "traces",
                column: "problem_id",
                principalTable: "problems",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_traces_run_id",
                table: "traces",
                column: "run_id",
                principalTable: "runs",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
