using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TracesWithoutForeignKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_traces_problem_id_run_id",
                table: "traces");

            // The trigger that deletes an attempt's traces with it is the next migration's: SQLite rebuilds
            // traces at the end of this one, and a trigger that names traces cannot exist meanwhile.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_traces_problem_id_run_id",
                table: "traces",
                columns: new[] { "problem_id", "run_id" },
                principalTable: "problem_attempts",
                principalColumns: new[] { "problem_id", "run_id" },
                onDelete: ReferentialAction.Cascade);
        }
    }
}
