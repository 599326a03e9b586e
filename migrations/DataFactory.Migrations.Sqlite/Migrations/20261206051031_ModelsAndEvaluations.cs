using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ModelsAndEvaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "model_id",
                table: "runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    parent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    path = table.Column<string>(type: "TEXT", nullable: true),
                    trained_on_runs = table.Column<string>(type: "TEXT", nullable: false),
                    training = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_models", x => x.id);
                    table.ForeignKey(
                        name: "fk_models_parent_id",
                        column: x => x.parent_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    model_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    problems = table.Column<int>(type: "INTEGER", nullable: false),
                    settings = table.Column<string>(type: "TEXT", nullable: false),
                    figures = table.Column<string>(type: "TEXT", nullable: false),
                    mean_pass_at1 = table.Column<double>(type: "REAL", nullable: false),
                    shared_with_training = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluations", x => x.id);
                    table.ForeignKey(
                        name: "fk_evaluations_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_runs_model_id",
                table: "runs",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_model_id_created_at",
                table: "evaluations",
                columns: new[] { "model_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_models_parent_id",
                table: "models",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ux_models_fingerprint",
                table: "models",
                column: "fingerprint",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_runs_model_id",
                table: "runs",
                column: "model_id",
                principalTable: "models",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_runs_model_id",
                table: "runs");

            migrationBuilder.DropTable(
                name: "evaluations");

            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropIndex(
                name: "ix_runs_model_id",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "model_id",
                table: "runs");
        }
    }
}
