using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
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
