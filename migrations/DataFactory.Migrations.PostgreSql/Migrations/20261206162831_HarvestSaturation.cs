using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class HarvestSaturation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "problems_saturated",
                table: "runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "saturation",
                table: "runs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "saturated",
                table: "problem_attempts",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "problems_saturated",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "saturation",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "saturated",
                table: "problem_attempts");
        }
    }
}
