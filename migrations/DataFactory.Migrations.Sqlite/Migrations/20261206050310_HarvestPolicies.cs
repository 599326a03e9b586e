using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HarvestPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "budget",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "duplicates",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "first_round",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "problems_exhausted",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "target_verified",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "exhausted",
                table: "problem_attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                name: "problems_exhausted",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "target_verified",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "exhausted",
                table: "problem_attempts");
        }
    }
}
