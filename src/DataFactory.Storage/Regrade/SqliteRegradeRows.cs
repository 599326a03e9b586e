using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace DataFactory.Storage.Regrade;

/// <summary>SQLite: in-process, so one prepared statement per table executed row after row inside the transaction.</summary>
internal sealed class SqliteRegradeRows(DataFactoryDbContext context) : IRegradeRows
{
    private const string Traces = """
        UPDATE traces SET verifier_version = @version, final_answer = @final_answer, reason = @reason, flawed = @flawed, step_check = @step_check
        WHERE id = @id AND verifier_version <= @version
        """;

    private const string Rejected = """
        UPDATE candidates_rejected SET verifier_version = @version, verdict = @verdict, final_answer = @final_answer, reason = @reason
        WHERE id = @id AND verifier_version <= @version
        """;

    private const string Attempts = """
        UPDATE problem_attempts SET
            correct = correct + @correct,
            flawed = flawed + @flawed,
            pass_rate = CASE WHEN candidates > 0 THEN CAST(correct + @correct AS DOUBLE PRECISION) / candidates ELSE NULL END
        WHERE run_id = @run_id AND problem_id = @problem_id
        """;

    public async Task UpdateTracesAsync(IReadOnlyList<TraceUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var command = StoreCommands.Create(context, Traces);
        var id = Add(command, "@id", SqliteType.Integer);
        var version = Add(command, "@version", SqliteType.Integer);
        var answer = Add(command, "@final_answer", SqliteType.Text);
        var reason = Add(command, "@reason", SqliteType.Text);
        var flawed = Add(command, "@flawed", SqliteType.Integer);
        var stepCheck = Add(command, "@step_check", SqliteType.Text);
        await command.PrepareAsync(cancellationToken);
        foreach (var u in updates)
        {
            id.Value = u.Id;
            version.Value = u.Version;
            answer.Value = (object?)u.FinalAnswer ?? DBNull.Value;
            reason.Value = u.Reason;
            flawed.Value = u.Flawed;
            stepCheck.Value = (object?)u.StepCheck ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task UpdateRejectedAsync(IReadOnlyList<RejectedUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var command = StoreCommands.Create(context, Rejected);
        var id = Add(command, "@id", SqliteType.Integer);
        var version = Add(command, "@version", SqliteType.Integer);
        var verdict = Add(command, "@verdict", SqliteType.Text);
        var answer = Add(command, "@final_answer", SqliteType.Text);
        var reason = Add(command, "@reason", SqliteType.Text);
        await command.PrepareAsync(cancellationToken);
        foreach (var u in updates)
        {
            id.Value = u.Id;
            version.Value = u.Version;
            verdict.Value = u.Verdict;
            answer.Value = (object?)u.FinalAnswer ?? DBNull.Value;
            reason.Value = u.Reason;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task UpdateAttemptsAsync(IReadOnlyList<AttemptUpdate> updates, CancellationToken cancellationToken)
    {
        // Few (only attempts whose candidates moved), and the run id needs the store's Guid format: one command each.
        foreach (var u in updates)
        {
            await using var command = StoreCommands.Create(context, Attempts);
            StoreCommands.AddMapped(context, command, "@correct", u.Correct);
            StoreCommands.AddMapped(context, command, "@flawed", u.Flawed);
            StoreCommands.AddMapped(context, command, "@run_id", u.RunId);
            StoreCommands.AddMapped(context, command, "@problem_id", u.ProblemId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Add(DbCommand command, string name, SqliteType type)
    {
        var parameter = new SqliteParameter(name, type) { Direction = ParameterDirection.Input };
        command.Parameters.Add(parameter);
        return parameter;
    }
}
