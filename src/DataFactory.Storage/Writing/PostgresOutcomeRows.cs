using Microsoft.EntityFrameworkCore;
using DataFactory.Storage.Import;
using Npgsql;
using NpgsqlTypes;

namespace DataFactory.Storage.Writing;

/// <summary>
/// PostgreSQL. Attempts: one set-based statement per batch, columns sent as binary arrays and expanded
/// by <c>unnest</c>, <c>ON CONFLICT DO NOTHING</c> for idempotency. Traces, the bulk of the bytes: the
/// texts a problem already has are looked up by index, the rest go in by binary <c>COPY</c>, the
/// server's cheapest way in. Should another writer store one of the same texts in between (two runs
/// of a problem at once), the unique index stops the COPY; it is rolled back to a savepoint and the
/// batch's traces go in by the set-based insert that skips conflicts instead.
/// </summary>
internal sealed class PostgresOutcomeRows(DataFactoryDbContext context) : IOutcomeRows
{
    private const string InsertAttempts = """
        INSERT INTO problem_attempts
            (run_id, problem_id, status, candidates, correct, flawed, exhausted, saturated, tokens, pass_rate, failure_reason, duration_seconds, pseudo_label, vote_share, votes, created_at)
        SELECT @run_id, u.problem_id, u.status, u.candidates, u.correct, u.flawed, u.exhausted, u.saturated, u.tokens, u.pass_rate, u.failure_reason, u.duration_seconds, u.pseudo_label, u.vote_share, u.votes, @now
        FROM unnest(@problem_ids, @statuses, @candidates, @correct, @flawed, @exhausted, @saturated, @tokens, @pass_rates, @failure_reasons, @durations, @pseudo_labels, @vote_shares, @votes)
            AS u(problem_id, status, candidates, correct, flawed, exhausted, saturated, tokens, pass_rate, failure_reason, duration_seconds, pseudo_label, vote_share, votes)
        ON CONFLICT (run_id, problem_id) DO NOTHING
        RETURNING problem_id
        """;

    private const string InsertTraces = """
        INSERT INTO traces
            (problem_id, run_id, text, final_answer, token_count, verdict, reason, verifier, verifier_version, trace_hash, flawed, step_check, consensus, vote_share, created_at)
        SELECT u.problem_id, @run_id, u.text, u.final_answer, u.token_count, @verdict, u.reason, u.verifier, u.verifier_version, u.trace_hash, u.flawed, u.step_check::jsonb, u.consensus, u.vote_share, @now
        FROM unnest(@problem_ids, @texts, @final_answers, @token_counts, @reasons, @verifiers, @verifier_versions, @hashes, @flawed, @step_checks, @consensus, @vote_shares)
            AS u(problem_id, text, final_answer, token_count, reason, verifier, verifier_version, trace_hash, flawed, step_check, consensus, vote_share)
        ON CONFLICT (problem_id, trace_hash) DO NOTHING
        RETURNING consensus
        """;

    // One probe of the unique index per trace, whatever the statistics say: asking for all of a batch's
    // problems' hashes at once lets the planner, before the table is analysed, scan far too much.
    private const string StoredHashes = """
        SELECT u.problem_id, u.trace_hash
        FROM unnest(@problem_ids, @hashes) AS u(problem_id, trace_hash)
        JOIN traces t ON t.problem_id = u.problem_id AND t.trace_hash = u.trace_hash
        """;

    private const string CopyTraces = """
        COPY traces (problem_id, run_id, text, final_answer, token_count, verdict, reason, verifier, verifier_version, trace_hash, flawed, step_check, consensus, vote_share, created_at)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string Savepoint = "traces_copy";

    // Labels are few per attempt (steps of a few candidates): one set-based statement, not COPY.
    private const string InsertStepLabels = """
        INSERT INTO step_labels
            (run_id, problem_id, candidate_hash, candidate_verified, step_index, step_count, step_text, soft_label, hard_label, rollouts, successes, search, source, first_error, created_at)
        SELECT @run_id, u.problem_id, u.candidate_hash, u.candidate_verified, u.step_index, u.step_count, u.step_text, u.soft_label, u.hard_label, u.rollouts, u.successes, u.search, u.source, u.first_error, @now
        FROM unnest(@problem_ids, @hashes, @verified, @indices, @counts, @texts, @soft, @hard, @rollouts, @successes, @searches, @sources, @first)
            AS u(problem_id, candidate_hash, candidate_verified, step_index, step_count, step_text, soft_label, hard_label, rollouts, successes, search, source, first_error)
        ON CONFLICT (run_id, problem_id, candidate_hash, step_index) DO NOTHING
        """;

    public async Task<IReadOnlySet<long>> InsertAttemptsAsync(
        Guid runId, IReadOnlyList<ProblemOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = outcomes.Count;
        var problemIds = new long[count];
        var statuses = new string[count];
        var candidates = new int[count];
        var correct = new int[count];
        var flawed = new int[count];
        var exhausted = new bool[count];
        var saturated = new bool[count];
        var tokens = new long[count];
        var passRates = new double?[count];
        var reasons = new string?[count];
        var durations = new double?[count];
        var labels = new string?[count];
        var shares = new double?[count];
        var votes = new int?[count];
        for (var i = 0; i < count; i++)
        {
            var outcome = outcomes[i];
            problemIds[i] = outcome.ProblemId;
            statuses[i] = Schema.ColumnNames.Of(outcome.Status);
            candidates[i] = outcome.Candidates;
            correct[i] = outcome.Correct;
            flawed[i] = outcome.Flawed;
            exhausted[i] = outcome.Exhausted;
            saturated[i] = outcome.Saturated;
            tokens[i] = outcome.Tokens;
            passRates[i] = OutcomeRules.PassRate(outcome);
            reasons[i] = outcome.FailureReason;
            durations[i] = outcome.Duration?.TotalSeconds;
            labels[i] = outcome.PseudoLabel;
            shares[i] = outcome.VoteShare;
            votes[i] = outcome.Votes;
        }

        await using var command = (NpgsqlCommand)StoreCommands.Create(context, InsertAttempts);
        command.Parameters.Add(new NpgsqlParameter<Guid>("run_id", runId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", problemIds));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", statuses));
        command.Parameters.Add(new NpgsqlParameter<int[]>("candidates", candidates));
        command.Parameters.Add(new NpgsqlParameter<int[]>("correct", correct));
        command.Parameters.Add(new NpgsqlParameter<int[]>("flawed", flawed));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("exhausted", exhausted));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("saturated", saturated));
        command.Parameters.Add(new NpgsqlParameter<long[]>("tokens", tokens));
        command.Parameters.Add(new NpgsqlParameter<double?[]>("pass_rates", passRates) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("failure_reasons", reasons) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<double?[]>("durations", durations) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("pseudo_labels", labels) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<double?[]>("vote_shares", shares) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter<int?[]>("votes", votes) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });

        var inserted = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetInt64(0));
        }

        return inserted;
    }

    public async Task<int> InsertStepLabelsAsync(
        Guid runId, IReadOnlyList<PendingStepLabel> labels, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = (NpgsqlCommand)StoreCommands.Create(context, InsertStepLabels);
        command.Parameters.Add(new NpgsqlParameter<Guid>("run_id", runId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", [.. labels.Select(l => l.ProblemId)]));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", [.. labels.Select(l => l.CandidateHash)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("verified", [.. labels.Select(l => l.CandidateVerified)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("indices", [.. labels.Select(l => l.StepIndex)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("counts", [.. labels.Select(l => l.StepCount)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("texts", [.. labels.Select(l => l.StepText)]));
        command.Parameters.Add(new NpgsqlParameter<double[]>("soft", [.. labels.Select(l => l.SoftLabel)]));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("hard", [.. labels.Select(l => l.HardLabel)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("rollouts", [.. labels.Select(l => l.Rollouts)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("successes", [.. labels.Select(l => l.Successes)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("searches", [.. labels.Select(l => l.Search)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("sources", [.. labels.Select(l => l.Source)]));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("first", [.. labels.Select(l => l.FirstError)]));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(int Written, int Consensus)> InsertTracesAsync(
        Guid runId, IReadOnlyList<PendingTrace> traces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = await NotStoredAsync(traces, cancellationToken);
        if (fresh.Count == 0)
        {
            return (0, 0);
        }

        return await SavepointCopy.RunAsync(
            context, Savepoint, "Traces",
            async ct => (await CopyAsync(runId, fresh, now, ct), fresh.Count(t => t.Consensus)),
            ct => InsertSkippingConflictsAsync(runId, fresh, now, ct),
            cancellationToken);
    }

    public Task<int> InsertRejectedAsync(
        Guid runId, IReadOnlyList<PendingRejected> rejected, DateTimeOffset now, CancellationToken cancellationToken) =>
        new PostgresRejectedRows(context).InsertAsync(runId, rejected, now, cancellationToken);

    /// <summary>The traces whose (problem, hash) is neither stored nor earlier in the batch.</summary>
    private async Task<List<PendingTrace>> NotStoredAsync(IReadOnlyList<PendingTrace> traces, CancellationToken cancellationToken)
    {
        var seen = new HashSet<(long, byte[])>(TraceKeyComparer.Instance);
        await using (var command = (NpgsqlCommand)StoreCommands.Create(context, StoredHashes))
        {
            command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", [.. traces.Select(t => t.ProblemId)]));
            command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", [.. traces.Select(t => t.Hash)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                seen.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        var fresh = new List<PendingTrace>(traces.Count);
        foreach (var trace in traces)
        {
            if (seen.Add((trace.ProblemId, trace.Hash)))
            {
                fresh.Add(trace);
            }
        }

        return fresh;
    }

    private async Task<int> CopyAsync(Guid runId, List<PendingTrace> traces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        var verdict = Schema.ColumnNames.VerdictCorrect;
        await using var importer = await connection.BeginBinaryImportAsync(CopyTraces, cancellationToken);
        foreach (var trace in traces)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(trace.ProblemId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(runId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(trace.Text, NpgsqlDbType.Text, cancellationToken);
            if (trace.FinalAnswer is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(trace.FinalAnswer, NpgsqlDbType.Text, cancellationToken);
            }

            await importer.WriteAsync(trace.TokenCount, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(verdict, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(trace.Reason, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(trace.Verifier, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(trace.VerifierVersion, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(trace.Hash, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(trace.Flawed, NpgsqlDbType.Boolean, cancellationToken);
            if (trace.StepCheck is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(trace.StepCheck, NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.WriteAsync(trace.Consensus, NpgsqlDbType.Boolean, cancellationToken);
            if (trace.VoteShare is { } share)
            {
                await importer.WriteAsync(share, NpgsqlDbType.Double, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        return checked((int)await importer.CompleteAsync(cancellationToken));
    }

    private async Task<(int Written, int Consensus)> InsertSkippingConflictsAsync(
        Guid runId, List<PendingTrace> traces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = traces.Count;
        var problemIds = new long[count];
        var texts = new string[count];
        var answers = new string?[count];
        var tokenCounts = new int[count];
        var reasons = new string[count];
        var verifiers = new string[count];
        var versions = new int[count];
        var hashes = new byte[count][];
        var flawed = new bool[count];
        var stepChecks = new string?[count];
        var consensus = new bool[count];
        var shares = new double?[count];
        for (var i = 0; i < count; i++)
        {
            var trace = traces[i];
            problemIds[i] = trace.ProblemId;
            texts[i] = trace.Text;
            answers[i] = trace.FinalAnswer;
            tokenCounts[i] = trace.TokenCount;
            reasons[i] = trace.Reason;
            verifiers[i] = trace.Verifier;
            versions[i] = trace.VerifierVersion;
            hashes[i] = trace.Hash;
            flawed[i] = trace.Flawed;
            stepChecks[i] = trace.StepCheck;
            consensus[i] = trace.Consensus;
            shares[i] = trace.VoteShare;
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
        command.Parameters.Add(new NpgsqlParameter<int[]>("verifier_versions", versions));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", hashes) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("flawed", flawed));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("step_checks", stepChecks) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("consensus", consensus));
        command.Parameters.Add(new NpgsqlParameter<double?[]>("vote_shares", shares) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        int written = 0, consensusWritten = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            written++;
            consensusWritten += reader.GetBoolean(0) ? 1 : 0;
        }

        return (written, consensusWritten);
    }

    private sealed class TraceKeyComparer : IEqualityComparer<(long ProblemId, byte[] Hash)>
    {
        public static readonly TraceKeyComparer Instance = new();

        public bool Equals((long ProblemId, byte[] Hash) x, (long ProblemId, byte[] Hash) y) =>
            x.ProblemId == y.ProblemId && ByteArrayComparer.Instance.Equals(x.Hash, y.Hash);

        public int GetHashCode((long ProblemId, byte[] Hash) obj) =>
            HashCode.Combine(obj.ProblemId, ByteArrayComparer.Instance.GetHashCode(obj.Hash));
    }
}
