using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataFactory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TracesDeletedWithTheirAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Traces carry no foreign key (see TracesWithoutForeignKey): an attempt's traces go with it by
            // this trigger, also when a deleted run or problem cascades to its attempts. A later migration
            // that rebuilds problem_attempts or traces must drop it first and create it again after.
            migrationBuilder.Sql("""
                CREATE TRIGGER problem_attempts_delete_traces AFTER DELETE ON problem_attempts
                FOR EACH ROW BEGIN
                    DELETE FROM traces WHERE problem_id = OLD.problem_id AND run_id = OLD.run_id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER problem_attempts_delete_traces;");
        }
    }
}
