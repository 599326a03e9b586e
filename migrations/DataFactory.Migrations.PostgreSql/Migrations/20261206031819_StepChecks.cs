using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class StepChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "flawed",
                table: "traces",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "step_check",
                table: "traces",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "flawed",
                table: "runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "keep_flawed",
                table: "runs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "flawed",
                table: "problem_attempts",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "flawed",
                table: "traces");

            migrationBuilder.DropColumn(
                name: "step_check",
                table: "traces");

            migrationBuilder.DropColumn(
                name: "flawed",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "keep_flawed",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "flawed",
                table: "problem_attempts");
        }
    }
}
