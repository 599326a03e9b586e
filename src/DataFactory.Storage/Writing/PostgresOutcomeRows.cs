using Npgsql;
using NpgsqlTypes;

namespace DataFactory.Storage.Writing;

/// <summary>
/// PostgreSQL: each table gets one set-based statement per batch, its columns sent as binary arrays
/// and expanded by <c>unnest</c>, with <c>ON CONFLICT DO NOTHING</c> for idempotency. One round
/// trip per table whatever the batch size, and no staging table to create and truncate.
/// </summary>
internal sealed class PostgresOutcomeRows(DataFactoryDbContext context) : IOutcomeRows
{
    private const string InsertAttempts = """
        INSERT INTO problem_attempts
            (run_id, problem_id, status, candidates, correct, tokens, pass_rate, failure_reason, duration_seconds, created_at)
        SELECT @run_id, u.problem_id, u.status, u.candidates, u.correct, u.tokens, u.pass_rate, u.failure_reason, u.duration_seconds, @now
        FROM unnest(@problem_ids, @statuses, @candidates, @correct, @tokens, @pass_rates, @failure_reasons, @durations)
            AS u(problem_id, status, candidates, correct, tokens, pass_rate, failure_reason, duration_seconds)
        ON CONFLICT (run_id, problem_id) DO NOTHING
        RETURNING problem_id
        """;

    private const string InsertTraces = """
        INSERT INTO traces
            (problem_id, run_id, text, final_answer, token_count, verdict, reason, verifier, trace_hash, created_at)
        SELECT u.problem_id, @run_id, u.text, u.final_answer, u.token_count, @verdict, u.reason, u.verifier, u.trace_hash, @now
        FROM unnest(@problem_ids, @texts, @final_answers, @token_counts, @reasons, @verifiers, @hashes)
            AS u(problem_id, text, final_answer, token_count, reason, verifier, trace_hash)
        ON CONFLICT (problem_id, trace_hash) DO NOTHING
        """;

    public async Task<IReadOnlySet<long>> InsertAttemptsAsync(
        Guid runId, IReadOnlyList<ProblemOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = outcomes.Count;
        var problemIds = new long[count];
        var statuses = new string[count];
        var candidates = new int[count];
        var correct = new int[count];
        var tokens = new long[count];
        var passRates = new double?[count];
        var reasons = new string?[count];
        var durations = new double?[count];
        for (var i = 0; i < count; i++)
        {
            var outcome = outcomes[i];
            problemIds[i] = outcome.ProblemId;
            statuses[i] = Schema.ColumnNames.Of(outcome.Status);
            candidates[i] = outcome.Candidates;
            correct[i] = outcome.Correct;
            tokens[i] = outcome.Tokens;
            passRates[i] = OutcomeRules.PassRate(outcome);
            reasons[i] = outcome.FailureReason;
            durations[i] = outcome.Duration?.TotalSeconds;
        }

        await using var command = (NpgsqlCommand)StoreCommands.Create(context, InsertAttempts);
        command.Parameters.Add(new NpgsqlParameter<Guid>("run_id", runId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", problemIds));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", statuses));
        command.Parameters.Add(new NpgsqlParameter<int[]>("candidates", candidates));
        command.Parameters.Add(new NpgsqlParameter<int[]>("correct", correct));
        command.Parameters.Add(new NpgsqlParameter<long[]>("tokens", tokens));
        command.Parameters.Add(new NpgsqlParameter<double?[]>("pass_rates", passRates) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("failure_reasons", reasons) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<double?[]>("durations", durations) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });

        var inserted = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetInt64(0));
        }

        return inserted;
    }

    public async Task<int> InsertTracesAsync(
        Guid runId, IReadOnlyList<PendingTrace> traces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = traces.Count;
        var problemIds = new long[count];
        var texts = new string[count];
        var answers = new string?[count];
        var tokenCounts = new int[count];
        var reasons = new string[count];
        var verifiers = new string[count];
        var hashes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var trace = traces[i];
            problemIds[i] = trace.ProblemId;
            texts[i] = trace.Text;
            answers[i] = trace.FinalAnswer;
            tokenCounts[i] = trace.TokenCount;
            reasons[i] = trace.Reason;
            verifiers[i] = trace.Verifier;
            hashes[i] = trace.Hash;
        }

        await using var command = (NpgsqlCommand)StoreCommands.Create(context, InsertTraces);
        command.Parameters.Add(new NpgsqlParameter<Guid>("run_id", runId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<string>("verdict", Schema.ColumnNames.VerdictCorrect));
        command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", problemIds));
        command.Parameters.Add(new NpgsqlParameter<string[]>("texts", texts));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("final_answers", answers) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int[]>("token_counts", tokenCounts));
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", reasons));
        command.Parameters.Add(new NpgsqlParameter<string[]>("verifiers", verifiers));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", hashes) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
