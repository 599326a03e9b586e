using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RunQueueingProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_problem_id",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "problems_sent",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "queued_through",
                table: "runs",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_problem_id",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "problems_sent",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "queued_through",
                table: "runs");
        }
    }
}
