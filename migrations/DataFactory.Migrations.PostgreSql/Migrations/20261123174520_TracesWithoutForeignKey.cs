using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.PostgreSql.Migrations
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

            // Without the foreign key, an attempt's traces go with it by this trigger: once per
            // statement, so deleting a run (whose attempts cascade) deletes all their traces in one join.
            migrationBuilder.Sql("""
                CREATE FUNCTION delete_traces_of_deleted_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM traces t USING deleted_attempts d
                    WHERE t.problem_id = d.problem_id AND t.run_id = d.run_id;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER problem_attempts_delete_traces AFTER DELETE ON problem_attempts
                    REFERENCING OLD TABLE AS deleted_attempts
                    FOR EACH STATEMENT EXECUTE FUNCTION delete_traces_of_deleted_attempts();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER problem_attempts_delete_traces ON problem_attempts;
                DROP FUNCTION delete_traces_of_deleted_attempts();
                """);

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
