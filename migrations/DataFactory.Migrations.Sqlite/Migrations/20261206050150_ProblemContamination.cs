using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProblemContamination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "contamination_benchmark",
                table: "problems",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contamination_benchmark_id",
                table: "problems",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "contamination_overlap",
                table: "problems",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "contamination_benchmark",
                table: "problems");

            migrationBuilder.DropColumn(
                name: "contamination_benchmark_id",
                table: "problems");

            migrationBuilder.DropColumn(
                name: "contamination_overlap",
                table: "problems");
        }
    }
}
