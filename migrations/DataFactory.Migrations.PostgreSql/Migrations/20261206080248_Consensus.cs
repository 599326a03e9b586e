using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Consensus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "consensus",
                table: "traces",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "vote_share",
                table: "traces",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "consensus_min_share",
                table: "runs",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "consensus_min_votes",
                table: "runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "consensus_traces",
                table: "runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "max_per_problem",
                table: "runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "problems_labelled",
                table: "runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "consensus",
                table: "problem_sets",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "pseudo_label",
                table: "problem_attempts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "vote_share",
                table: "problem_attempts",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "votes",
                table: "problem_attempts",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "consensus",
                table: "traces");

            migrationBuilder.DropColumn(
                name: "vote_share",
                table: "traces");

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
                name: "max_per_problem",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "problems_labelled",
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
