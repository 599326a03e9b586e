using Npgsql;
using NpgsqlTypes;

namespace DataFactory.Storage.Regrade;

/// <summary>PostgreSQL: one set-based statement per table and batch, columns sent as binary arrays and expanded by <c>unnest</c>.</summary>
internal sealed class PostgresRegradeRows(DataFactoryDbContext context) : IRegradeRows
{
    private const string Traces = """
        UPDATE traces t SET verifier_version = u.version, final_answer = u.final_answer, reason = u.reason,
            flawed = u.flawed, step_check = u.step_check::jsonb
        FROM unnest(@ids, @versions, @final_answers, @reasons, @flawed, @step_checks)
            AS u(id, version, final_answer, reason, flawed, step_check)
        WHERE t.id = u.id AND t.verifier_version <= u.version
        """;

    private const string Rejected = """
        UPDATE candidates_rejected c SET verifier_version = u.version, verdict = u.verdict, final_answer = u.final_answer, reason = u.reason
        FROM unnest(@ids, @versions, @verdicts, @final_answers, @reasons) AS u(id, version, verdict, final_answer, reason)
        WHERE c.id = u.id AND c.verifier_version <= u.version
        """;

    private const string Attempts = """
        UPDATE problem_attempts a SET
            correct = a.correct + u.correct,
            flawed = a.flawed + u.flawed,
            pass_rate = CASE WHEN a.candidates > 0 THEN CAST(a.correct + u.correct AS DOUBLE PRECISION) / a.candidates ELSE NULL END
        FROM unnest(@run_ids, @problem_ids, @correct, @flawed) AS u(run_id, problem_id, correct, flawed)
        WHERE a.run_id = u.run_id AND a.problem_id = u.problem_id
        """;

    public async Task UpdateTracesAsync(IReadOnlyList<TraceUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var command = (NpgsqlCommand)StoreCommands.Create(context, Traces);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. updates.Select(u => u.Id)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("versions", [.. updates.Select(u => u.Version)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("final_answers", [.. updates.Select(u => u.FinalAnswer)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", [.. updates.Select(u => u.Reason)]));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("flawed", [.. updates.Select(u => u.Flawed)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("step_checks", [.. updates.Select(u => u.StepCheck)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateRejectedAsync(IReadOnlyList<RejectedUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var command = (NpgsqlCommand)StoreCommands.Create(context, Rejected);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. updates.Select(u => u.Id)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("versions", [.. updates.Select(u => u.Version)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("verdicts", [.. updates.Select(u => u.Verdict)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("final_answers", [.. updates.Select(u => u.FinalAnswer)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", [.. updates.Select(u => u.Reason)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateAttemptsAsync(IReadOnlyList<AttemptUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var command = (NpgsqlCommand)StoreCommands.Create(context, Attempts);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("run_ids", [.. updates.Select(u => u.RunId)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", [.. updates.Select(u => u.ProblemId)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("correct", [.. updates.Select(u => u.Correct)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("flawed", [.. updates.Select(u => u.Flawed)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
