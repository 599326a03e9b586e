using DataFactory.Core.Steps;
using DataFactory.Storage.Schema;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Regrade;

/// <summary>
/// Applies one batch of regrade decisions in one transaction. A move deletes its row first and goes on
/// only if that delete removed it, so two regrades never move a row twice; counters change by increments.
/// </summary>
internal sealed class RegradeWriter(DataFactoryDbContext context)
{
    private const int IdsPerStatement = 5000;

    private const string UpdateRun = """
        UPDATE runs SET
            verified = verified + @verified,
            flawed = flawed + @flawed,
            traces = traces + @traces,
            rejected = rejected + @rejected
        WHERE id = @run_id
        """;

    public async Task<RegradeOutcome[]> ApplyAsync(RegradeDecision[] decisions, CancellationToken cancellationToken)
    {
        // Compress and hash outside the transaction, so that it stays short.
        var toRejected = new Dictionary<long, PendingRejected>();
        var toTraces = new Dictionary<long, PendingTrace>();
        foreach (var d in decisions)
        {
            if (d.ToRejected)
            {
                toRejected[d.Candidate.Id] = new PendingRejected(
                    d.Candidate.ProblemId, CandidateText.Compress(d.Text), d.Verdict.Extracted, d.Candidate.TokenCount,
                    ColumnNames.Of(d.Verdict.Status), Truncate(d.Verdict.Reason), d.Verifier, d.Version, d.Candidate.Hash);
            }
            else if (d.ToTrace)
            {
                toTraces[d.Candidate.Id] = new PendingTrace(
                    d.Candidate.ProblemId, d.Text, d.Verdict.Extracted, d.Candidate.TokenCount, Truncate(d.Verdict.Reason),
                    d.Verifier, d.Version, d.Candidate.Hash, d.Steps?.IsFlawed ?? false, StepCheckJson.Write(d.Steps));
            }
        }

        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            var outcomes = new RegradeOutcome[decisions.Length];
            var counters = new RegradeCounters();
            var now = DateTimeOffset.UtcNow;
            IOutcomeRows rows = context.IsPostgres ? new PostgresOutcomeRows(context) : new SqliteOutcomeRows(context);
            IRegradeRows updates = context.IsPostgres ? new PostgresRegradeRows(context) : new SqliteRegradeRows(context);
            var traceUpdates = new List<TraceUpdate>();
            var rejectedUpdates = new List<RejectedUpdate>();
            await using var transaction = await context.Database.BeginTransactionAsync(ct);

            var removedTraces = await DeleteAsync("traces", toRejected.Keys, ct);
            var removedRejected = await DeleteAsync("candidates_rejected", toTraces.Keys, ct);
            var rejectedByRun = new Dictionary<Guid, List<PendingRejected>>();
            var tracesByRun = new Dictionary<Guid, List<PendingTrace>>();
            for (var i = 0; i < decisions.Length; i++)
            {
                var d = decisions[i];
                var c = d.Candidate;
                if (d.ToRejected)
                {
                    if (!removedTraces.Contains(c.Id))
                    {
                        outcomes[i] = RegradeOutcome.Skipped;
                        continue;
                    }

                    outcomes[i] = RegradeOutcome.ToRejected;
                    counters.Attempt(c.RunId, c.ProblemId, correct: -1, flawed: c.Flawed ? -1 : 0);
                    counters.Run(c.RunId, verified: -1, flawed: c.Flawed ? -1 : 0, traces: -1, rejected: 0);
                    Add(rejectedByRun, c.RunId, toRejected[c.Id]);
                }
                else if (d.ToTrace)
                {
                    if (!removedRejected.Contains(c.Id))
                    {
                        outcomes[i] = RegradeOutcome.Skipped;
                        continue;
                    }

                    outcomes[i] = RegradeOutcome.ToTrace;
                    var flawed = toTraces[c.Id].Flawed ? 1 : 0;
                    counters.Attempt(c.RunId, c.ProblemId, correct: 1, flawed: flawed);
                    counters.Run(c.RunId, verified: 1, flawed: flawed, traces: 0, rejected: -1);
                    Add(tracesByRun, c.RunId, toTraces[c.Id]);
                }
                else if (d.Skip)
                {
                    outcomes[i] = RegradeOutcome.Skipped;
                }
                else
                {
                    outcomes[i] = Staying(d, counters, traceUpdates, rejectedUpdates);
                }
            }

            foreach (var (runId, pending) in rejectedByRun)
            {
                counters.Run(runId, 0, 0, 0, await rows.InsertRejectedAsync(runId, pending, now, ct));
            }

            foreach (var (runId, pending) in tracesByRun)
            {
                counters.Run(runId, 0, 0, (await rows.InsertTracesAsync(runId, pending, now, ct)).Written, 0);
            }

            await updates.UpdateTracesAsync(traceUpdates, ct);
            await updates.UpdateRejectedAsync(rejectedUpdates, ct);
            await BumpVersionsAsync(decisions, outcomes, traceUpdates.Select(u => u.Id).ToHashSet(), rejectedUpdates.Select(u => u.Id).ToHashSet(), ct);
            await updates.UpdateAttemptsAsync(
                [.. counters.Attempts.Where(a => a.Value != default).OrderBy(a => a.Key.ProblemId).ThenBy(a => a.Key.RunId)
                    .Select(a => new AttemptUpdate(a.Key.RunId, a.Key.ProblemId, a.Value.Correct, a.Value.Flawed))],
                ct);
            await WriteRunsAsync(counters, ct);
            await transaction.CommitAsync(ct);
            return outcomes;
        }, cancellationToken);
    }

    /// <summary>
    /// A candidate whose verdict stands: an update when its reason, answer or (for a trace) step check
    /// changed; otherwise only its version is brought up to date, in bulk.
    /// </summary>
    private static RegradeOutcome Staying(RegradeDecision d, RegradeCounters counters, List<TraceUpdate> traceUpdates, List<RejectedUpdate> rejectedUpdates)
    {
        var c = d.Candidate;
        var reason = Truncate(d.Verdict.Reason);
        var sameText = c.FinalAnswer == d.Verdict.Extracted && c.Reason == reason;
        if (!c.IsTrace)
        {
            var verdict = ColumnNames.Of(d.Verdict.Status);
            if (!sameText || c.Verdict != verdict)
            {
                rejectedUpdates.Add(new RejectedUpdate(c.Id, d.Version, verdict, d.Verdict.Extracted, reason));
            }

            return RegradeOutcome.Unchanged;
        }

        var stepCheck = d.Steps is null ? c.StepCheck : StepCheckJson.Write(d.Steps);
        var flawed = d.Steps?.IsFlawed ?? c.Flawed;
        if (!sameText || d.Steps is not null)
        {
            traceUpdates.Add(new TraceUpdate(c.Id, d.Version, d.Verdict.Extracted, reason, flawed, stepCheck));
        }

        if (flawed == c.Flawed)
        {
            return RegradeOutcome.Unchanged;
        }

        var delta = flawed ? 1 : -1;
        counters.Attempt(c.RunId, c.ProblemId, correct: 0, flawed: delta);
        counters.Run(c.RunId, verified: 0, flawed: delta, traces: 0, rejected: 0);
        return RegradeOutcome.FlawedChanged;
    }

    /// <summary>Brings the version of every row whose verdict stood up to the revision that re-checked it (never down).</summary>
    private async Task BumpVersionsAsync(
        RegradeDecision[] decisions, RegradeOutcome[] outcomes, HashSet<long> tracesRewritten, HashSet<long> rejectedRewritten, CancellationToken cancellationToken)
    {
        var groups = decisions
            .Select((d, i) => (Decision: d, Outcome: outcomes[i]))
            .Where(x => x.Outcome is RegradeOutcome.Unchanged or RegradeOutcome.FlawedChanged && x.Decision.Candidate.VerifierVersion != x.Decision.Version)
            .Where(x => !(x.Decision.Candidate.IsTrace ? tracesRewritten : rejectedRewritten).Contains(x.Decision.Candidate.Id))
            .GroupBy(x => (x.Decision.Candidate.IsTrace, x.Decision.Version));
        foreach (var group in groups)
        {
            var table = group.Key.IsTrace ? "traces" : "candidates_rejected";
            foreach (var chunk in group.Select(x => x.Decision.Candidate.Id).Chunk(IdsPerStatement))
            {
                var version = group.Key.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await using var command = StoreCommands.Create(
                    context,
                    $"UPDATE {table} SET verifier_version = {version} WHERE id IN ({RegradeQuery.Ids(chunk)}) AND verifier_version <= {version}");
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Deletes the rows; returns the ids this transaction removed (not those another one removed first).</summary>
    private async Task<HashSet<long>> DeleteAsync(string table, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var removed = new HashSet<long>();
        foreach (var chunk in ids.Order().Chunk(IdsPerStatement))
        {
            await using var command = StoreCommands.Create(context, $"DELETE FROM {table} WHERE id IN ({RegradeQuery.Ids(chunk)}) RETURNING id");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                removed.Add(reader.GetInt64(0));
            }
        }

        return removed;
    }

    private async Task WriteRunsAsync(RegradeCounters counters, CancellationToken cancellationToken)
    {
        // In key order, so that two regrades never wait on each other in a cycle.
        foreach (var (runId, delta) in counters.Runs.OrderBy(r => r.Key))
        {
            if (delta == default)
            {
                continue;
            }

            await using var command = StoreCommands.Create(context, UpdateRun);
            StoreCommands.AddMapped(context, command, "@verified", delta.Verified);
            StoreCommands.AddMapped(context, command, "@flawed", delta.Flawed);
            StoreCommands.AddMapped(context, command, "@traces", delta.Traces);
            StoreCommands.AddMapped(context, command, "@rejected", delta.Rejected);
            StoreCommands.AddMapped(context, command, "@run_id", runId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Add<T>(Dictionary<Guid, List<T>> byRun, Guid runId, T row)
    {
        if (!byRun.TryGetValue(runId, out var list))
        {
            list = [];
            byRun.Add(runId, list);
        }

        list.Add(row);
    }

    private static string Truncate(string reason) => reason.Length <= 400 ? reason : reason[..400];
}
