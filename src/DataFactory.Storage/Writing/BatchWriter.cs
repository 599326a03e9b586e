using DataFactory.Core.Curation;
using DataFactory.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Writing;

/// <summary>
/// The pipeline's write: a batch of problem outcomes of one run in one transaction. An attempt
/// already stored for (run, problem) is left as it is, its traces are not written and its counts
/// are not added again, so a redelivered batch changes nothing. Traces are written in bulk.
/// </summary>
public sealed class BatchWriter(DataFactoryDbContext context)
{
    /// <summary>
    /// Writes the attempts, the verified traces (and kept rejected candidates) of the attempts that are new, and adds their sums to
    /// the run's counters; marks the run done when every problem is done or failed.
    /// </summary>
    /// <exception cref="ArgumentException">A problem appears twice, counts are inconsistent, or a trace is not verified correct.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    public async Task<BatchWriteResult> WriteAsync(Guid runId, IReadOnlyList<ProblemOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        OutcomeRules.Validate(outcomes);
        if (outcomes.Count == 0)
        {
            return new BatchWriteResult(0, 0, 0, 0, false);
        }

        // Concurrent writers insert attempts in problem order so that they never wait on each other in a cycle.
        var sorted = outcomes.OrderBy(o => o.ProblemId).ToArray();
        IOutcomeRows rows = context.IsPostgres ? new PostgresOutcomeRows(context) : new SqliteOutcomeRows(context);
        var now = DateTimeOffset.UtcNow;

        // Hash before the transaction opens, so that it stays short.
        var hashed = Pending(sorted);
        var rejected = PendingRejectedOf(sorted);
        var labels = PendingLabelsOf(sorted);

        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            var inserted = await rows.InsertAttemptsAsync(runId, sorted, now, ct);
            if (inserted.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return new BatchWriteResult(0, sorted.Length, 0, 0, false);
            }

            var fresh = sorted.Where(o => inserted.Contains(o.ProblemId)).ToArray();
            var pending = inserted.Count == sorted.Length ? hashed : hashed.FindAll(t => inserted.Contains(t.ProblemId));
            var (written, consensusWritten) = pending.Count == 0 ? default : await rows.InsertTracesAsync(runId, pending, now, ct);
            var freshRejected = inserted.Count == sorted.Length ? rejected : rejected.FindAll(r => inserted.Contains(r.ProblemId));
            var rejectedWritten = freshRejected.Count == 0 ? 0 : await rows.InsertRejectedAsync(runId, freshRejected, now, ct);
            var freshLabels = inserted.Count == sorted.Length ? labels : labels.FindAll(l => inserted.Contains(l.ProblemId));
            var labelsWritten = freshLabels.Count == 0 ? 0 : await rows.InsertStepLabelsAsync(runId, freshLabels, now, ct);
            var delta = new CounterDelta(
                fresh.Count(o => o.Status == AttemptStatus.Done),
                fresh.Count(o => o.Status == AttemptStatus.Failed),
                fresh.Sum(o => (long)o.Candidates),
                fresh.Sum(o => (long)o.Correct),
                fresh.Sum(o => (long)o.Flawed),
                written,
                rejectedWritten,
                fresh.Sum(o => o.Tokens),
                fresh.Sum(o => o.Duration?.TotalSeconds ?? 0),
                pending.Count - written,
                fresh.Count(o => o.Exhausted),
                fresh.Count(o => o.PseudoLabel is not null),
                consensusWritten,
                fresh.Count(o => o.Saturated),
                fresh.Sum(o => (long)o.Stopped))
            {
                // Candidates by identity (a text labelled twice is one candidate); rollouts as spent.
                Labels = (
                    freshLabels.Select(l => (l.ProblemId, Convert.ToHexString(l.CandidateHash))).Distinct().Count(),
                    labelsWritten,
                    fresh.Sum(o => o.Labelled.Sum(l => (long)l.Rollouts))),
            };
            var completed = await RunCounters.AddAsync(context, runId, delta, now, ct);
            await transaction.CommitAsync(ct);
            return new BatchWriteResult(fresh.Length, sorted.Length - fresh.Length, written, pending.Count - written, completed)
            {
                RejectedWritten = rejectedWritten,
                StepLabelsWritten = labelsWritten,
                ConsensusWritten = consensusWritten,
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Records the problems as failed in the run (for a message that kept failing). Idempotent: a
    /// problem that already has an attempt in the run, done or failed, is left as it is.
    /// </summary>
    public Task<BatchWriteResult> MarkFailedAsync(Guid runId, IReadOnlyCollection<long> problemIds, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problemIds);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var outcomes = problemIds.Distinct().Select(id => ProblemOutcome.Failed(id, reason)).ToArray();
        return WriteAsync(runId, outcomes, cancellationToken);
    }

    private static List<PendingTrace> Pending(IReadOnlyList<ProblemOutcome> outcomes)
    {
        var pending = new List<PendingTrace>(outcomes.Sum(o => o.Traces.Count));
        foreach (var outcome in outcomes)
        {
            foreach (var trace in outcome.Traces)
            {
                pending.Add(new PendingTrace(
                    outcome.ProblemId,
                    trace.Text,
                    trace.Verdict.Extracted,
                    trace.TokenCount,
                    trace.Verdict.Reason,
                    trace.Verifier,
                    trace.VerifierVersion,
                    trace.Hash ?? TraceHash.ForKind(trace.Text, trace.Verifier),
                    trace.Flawed,
                    trace.StepCheck,
                    trace.Consensus,
                    trace.VoteShare));
            }
        }

        return pending;
    }

    /// <summary>The rejected candidates, hashed and compressed (outside the transaction: both cost CPU time).</summary>
    private static List<PendingRejected> PendingRejectedOf(IReadOnlyList<ProblemOutcome> outcomes)
    {
        var pending = new List<PendingRejected>(outcomes.Sum(o => o.Rejected.Count));
        foreach (var outcome in outcomes)
        {
            foreach (var candidate in outcome.Rejected)
            {
                pending.Add(new PendingRejected(
                    outcome.ProblemId,
                    CandidateText.Compress(candidate.Text),
                    candidate.Verdict.Extracted,
                    candidate.TokenCount,
                    ColumnNames.Of(candidate.Verdict.Status),
                    Truncate(candidate.Verdict.Reason),
                    candidate.Verifier,
                    candidate.VerifierVersion,
                    TraceHash.Compute(candidate.Text)));
            }
        }

        return pending;
    }

    /// <summary>The step labels, one row per step, each candidate identified by the SHA-256 of its exact text.</summary>
    private static List<PendingStepLabel> PendingLabelsOf(IReadOnlyList<ProblemOutcome> outcomes)
    {
        var pending = new List<PendingStepLabel>();
        foreach (var outcome in outcomes)
        {
            foreach (var candidate in outcome.Labelled)
            {
                if (candidate.Labels.Count != candidate.Steps.Count)
                {
                    throw new ArgumentException($"Problem {outcome.ProblemId}: a labelled candidate has {candidate.Steps.Count} steps and {candidate.Labels.Count} labels.", nameof(outcomes));
                }

                var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(candidate.Steps)));
                var search = Core.Steps.Labelling.StepLabelNames.Of(candidate.Search);
                for (var i = 0; i < candidate.Steps.Count; i++)
                {
                    var label = candidate.Labels[i];
                    pending.Add(new PendingStepLabel(
                        outcome.ProblemId, hash, candidate.Verified, i, candidate.Steps.Count, candidate.Steps[i], label.Soft, label.Hard,
                        label.Rollouts, label.Successes, search, Core.Steps.Labelling.StepLabelNames.Of(label.Source), label.FirstError));
                }
            }
        }

        return pending;
    }

    private static string Truncate(string reason) => reason.Length <= 400 ? reason : reason[..400];
}
