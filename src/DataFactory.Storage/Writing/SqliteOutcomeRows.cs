using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace DataFactory.Storage.Writing;

/// <summary>
/// SQLite: the database is in-process, so there is no round trip to save; one prepared statement per
/// table is executed row after row inside the batch's transaction, which is SQLite's fastest insert.
/// </summary>
internal sealed class SqliteOutcomeRows(DataFactoryDbContext context) : IOutcomeRows
{
    private const string InsertAttempt = """
        INSERT INTO problem_attempts
            (run_id, problem_id, status, candidates, correct, flawed, exhausted, saturated, tokens, pass_rate, failure_reason, duration_seconds, pseudo_label, vote_share, votes, created_at)
        VALUES (@run_id, @problem_id, @status, @candidates, @correct, @flawed, @exhausted, @saturated, @tokens, @pass_rate, @failure_reason, @duration_seconds, @pseudo_label, @vote_share, @votes, @now)
        ON CONFLICT (run_id, problem_id) DO NOTHING
        """;

    private const string InsertTrace = """
        INSERT INTO traces
            (problem_id, run_id, text, final_answer, token_count, verdict, reason, verifier, verifier_version, trace_hash, flawed, step_check, consensus, vote_share, created_at)
        VALUES (@problem_id, @run_id, @text, @final_answer, @token_count, @verdict, @reason, @verifier, @verifier_version, @trace_hash, @flawed, @step_check, @consensus, @vote_share, @now)
        ON CONFLICT (problem_id, trace_hash) DO NOTHING
        """;

    private const string InsertRejected = """
        INSERT INTO candidates_rejected
            (problem_id, run_id, text_compressed, final_answer, token_count, verdict, reason, verifier, verifier_version, candidate_hash, created_at)
        VALUES (@problem_id, @run_id, @text_compressed, @final_answer, @token_count, @verdict, @reason, @verifier, @verifier_version, @candidate_hash, @now)
        ON CONFLICT (problem_id, candidate_hash) DO NOTHING
        """;

    private const string InsertStepLabel = """
        INSERT INTO step_labels
            (run_id, problem_id, candidate_hash, candidate_verified, step_index, step_count, step_text, soft_label, hard_label, rollouts, successes, search, source, first_error, created_at)
        VALUES (@run_id, @problem_id, @candidate_hash, @candidate_verified, @step_index, @step_count, @step_text, @soft_label, @hard_label, @rollouts, @successes, @search, @source, @first_error, @now)
        ON CONFLICT (run_id, problem_id, candidate_hash, step_index) DO NOTHING
        """;

    public async Task<IReadOnlySet<long>> InsertAttemptsAsync(
        Guid runId, IReadOnlyList<ProblemOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(context, InsertAttempt);
        StoreCommands.AddMapped(context, command, "@run_id", runId);
        StoreCommands.AddMapped(context, command, "@now", now);
        var problemId = Add(command, "@problem_id", SqliteType.Integer);
        var status = Add(command, "@status", SqliteType.Text);
        var candidates = Add(command, "@candidates", SqliteType.Integer);
        var correct = Add(command, "@correct", SqliteType.Integer);
        var flawed = Add(command, "@flawed", SqliteType.Integer);
        var exhausted = Add(command, "@exhausted", SqliteType.Integer);
        var saturated = Add(command, "@saturated", SqliteType.Integer);
        var tokens = Add(command, "@tokens", SqliteType.Integer);
        var passRate = Add(command, "@pass_rate", SqliteType.Real);
        var reason = Add(command, "@failure_reason", SqliteType.Text);
        var duration = Add(command, "@duration_seconds", SqliteType.Real);
        var label = Add(command, "@pseudo_label", SqliteType.Text);
        var share = Add(command, "@vote_share", SqliteType.Real);
        var votes = Add(command, "@votes", SqliteType.Integer);
        await command.PrepareAsync(cancellationToken);

        var inserted = new HashSet<long>();
        foreach (var outcome in outcomes)
        {
            problemId.Value = outcome.ProblemId;
            status.Value = Schema.ColumnNames.Of(outcome.Status);
            candidates.Value = outcome.Candidates;
            correct.Value = outcome.Correct;
            flawed.Value = outcome.Flawed;
            exhausted.Value = outcome.Exhausted;
            saturated.Value = outcome.Saturated;
            tokens.Value = outcome.Tokens;
            passRate.Value = (object?)OutcomeRules.PassRate(outcome) ?? DBNull.Value;
            reason.Value = (object?)outcome.FailureReason ?? DBNull.Value;
            duration.Value = (object?)outcome.Duration?.TotalSeconds ?? DBNull.Value;
            label.Value = (object?)outcome.PseudoLabel ?? DBNull.Value;
            share.Value = (object?)outcome.VoteShare ?? DBNull.Value;
            votes.Value = (object?)outcome.Votes ?? DBNull.Value;
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                inserted.Add(outcome.ProblemId);
            }
        }

        return inserted;
    }

    public async Task<(int Written, int Consensus)> InsertTracesAsync(
        Guid runId, IReadOnlyList<PendingTrace> traces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(context, InsertTrace);
        StoreCommands.AddMapped(context, command, "@run_id", runId);
        StoreCommands.AddMapped(context, command, "@now", now);
        Add(command, "@verdict", SqliteType.Text).Value = Schema.ColumnNames.VerdictCorrect;
        var problemId = Add(command, "@problem_id", SqliteType.Integer);
        var text = Add(command, "@text", SqliteType.Text);
        var answer = Add(command, "@final_answer", SqliteType.Text);
        var tokenCount = Add(command, "@token_count", SqliteType.Integer);
        var reason = Add(command, "@reason", SqliteType.Text);
        var verifier = Add(command, "@verifier", SqliteType.Text);
        var version = Add(command, "@verifier_version", SqliteType.Integer);
        var hash = Add(command, "@trace_hash", SqliteType.Blob);
        var flawed = Add(command, "@flawed", SqliteType.Integer);
        var stepCheck = Add(command, "@step_check", SqliteType.Text);
        var consensus = Add(command, "@consensus", SqliteType.Integer);
        var share = Add(command, "@vote_share", SqliteType.Real);
        await command.PrepareAsync(cancellationToken);

        int inserted = 0, consensusInserted = 0;
        foreach (var trace in traces)
        {
            problemId.Value = trace.ProblemId;
            text.Value = trace.Text;
            answer.Value = (object?)trace.FinalAnswer ?? DBNull.Value;
            tokenCount.Value = trace.TokenCount;
            reason.Value = trace.Reason;
            verifier.Value = trace.Verifier;
            version.Value = trace.VerifierVersion;
            hash.Value = trace.Hash;
            flawed.Value = trace.Flawed;
            stepCheck.Value = (object?)trace.StepCheck ?? DBNull.Value;
            consensus.Value = trace.Consensus;
            share.Value = (object?)trace.VoteShare ?? DBNull.Value;
            var written = await command.ExecuteNonQueryAsync(cancellationToken);
            inserted += written;
            consensusInserted += trace.Consensus ? written : 0;
        }

        return (inserted, consensusInserted);
    }

    public async Task<int> InsertRejectedAsync(
        Guid runId, IReadOnlyList<PendingRejected> rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(context, InsertRejected);
        StoreCommands.AddMapped(context, command, "@run_id", runId);
        StoreCommands.AddMapped(context, command, "@now", now);
        var problemId = Add(command, "@problem_id", SqliteType.Integer);
        var text = Add(command, "@text_compressed", SqliteType.Blob);
        var answer = Add(command, "@final_answer", SqliteType.Text);
        var tokenCount = Add(command, "@token_count", SqliteType.Integer);
        var verdict = Add(command, "@verdict", SqliteType.Text);
        var reason = Add(command, "@reason", SqliteType.Text);
        var verifier = Add(command, "@verifier", SqliteType.Text);
        var version = Add(command, "@verifier_version", SqliteType.Integer);
        var hash = Add(command, "@candidate_hash", SqliteType.Blob);
        await command.PrepareAsync(cancellationToken);

        var inserted = 0;
        foreach (var candidate in rejected)
        {
            problemId.Value = candidate.ProblemId;
            text.Value = candidate.TextCompressed;
            answer.Value = (object?)candidate.FinalAnswer ?? DBNull.Value;
            tokenCount.Value = candidate.TokenCount;
            verdict.Value = candidate.Verdict;
            reason.Value = candidate.Reason;
            verifier.Value = candidate.Verifier;
            version.Value = candidate.VerifierVersion;
            hash.Value = candidate.Hash;
            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    public async Task<int> InsertStepLabelsAsync(
        Guid runId, IReadOnlyList<PendingStepLabel> labels, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(context, InsertStepLabel);
        StoreCommands.AddMapped(context, command, "@run_id", runId);
        StoreCommands.AddMapped(context, command, "@now", now);
        var problemId = Add(command, "@problem_id", SqliteType.Integer);
        var hash = Add(command, "@candidate_hash", SqliteType.Blob);
        var verified = Add(command, "@candidate_verified", SqliteType.Integer);
        var index = Add(command, "@step_index", SqliteType.Integer);
        var count = Add(command, "@step_count", SqliteType.Integer);
        var text = Add(command, "@step_text", SqliteType.Text);
        var soft = Add(command, "@soft_label", SqliteType.Real);
        var hard = Add(command, "@hard_label", SqliteType.Integer);
        var rollouts = Add(command, "@rollouts", SqliteType.Integer);
        var successes = Add(command, "@successes", SqliteType.Integer);
        var search = Add(command, "@search", SqliteType.Text);
        var source = Add(command, "@source", SqliteType.Text);
        var first = Add(command, "@first_error", SqliteType.Integer);
        await command.PrepareAsync(cancellationToken);

        var inserted = 0;
        foreach (var label in labels)
        {
            problemId.Value = label.ProblemId;
            hash.Value = label.CandidateHash;
            verified.Value = label.CandidateVerified;
            index.Value = label.StepIndex;
            count.Value = label.StepCount;
            text.Value = label.StepText;
            soft.Value = label.SoftLabel;
            hard.Value = label.HardLabel;
            rollouts.Value = label.Rollouts;
            successes.Value = label.Successes;
            search.Value = label.Search;
            source.Value = label.Source;
            first.Value = label.FirstError;
            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    private static DbParameter Add(DbCommand command, string name, SqliteType type)
    {
        var parameter = new SqliteParameter(name, type) { Direction = ParameterDirection.Input };
        command.Parameters.Add(parameter);
        return parameter;
    }
}
