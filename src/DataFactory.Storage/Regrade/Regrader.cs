using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Regrade;

/// <summary>
/// Re-checks a set's stored candidates, traces and rejected ones, with the current verifiers, a batch
/// of problems per transaction: a rejected candidate that now verifies becomes a trace, a trace that no
/// longer does is moved out and kept as rejected, and the attempts' and runs' counters follow. By
/// default only rows an older verifier revision judged are read, so a second regrade reads nothing.
/// Safe beside running workers and beside another regrade: a row is moved only by the transaction
/// whose delete removed it, and counters change by increments.
/// </summary>
public sealed class Regrader(DataFactoryDbContext context, VerifierRegistry verifiers, StepCheckerRegistry stepCheckers)
{
    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>Regrades; reports progress after each batch.</summary>
    /// <exception cref="InvalidOperationException">The set or run does not exist, or the run is not of the set.</exception>
    public async Task<RegradeReport> RegradeAsync(RegradeOptions options, IProgress<RegradeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ProblemsPerBatch, 1, nameof(options));
        var timer = Stopwatch.StartNew();
        var setId = await ResolveSetAsync(options, cancellationToken);
        var due = RegradeQuery.Due(verifiers, options.All);
        var byRun = options.RunId is not null;
        var lines = new Dictionary<(string, int, int), RegradeLine>();
        var writer = new RegradeWriter(context);
        long done = 0, toTraces = 0, toRejected = 0;
        var batches = 0;

        await StoreCommands.EnsureOpenAsync(context, cancellationToken);
        try
        {
            var total = await CountAsync(due, byRun, setId, options.RunId, cancellationToken);
            progress?.Report(new RegradeProgress(0, total, 0, 0));
            long after = 0;
            while (true)
            {
                var problems = await context.Problems.AsNoTracking()
                    .Where(p => p.SetId == setId && p.Id > after)
                    .OrderBy(p => p.Id)
                    .Take(options.ProblemsPerBatch)
                    .ToListAsync(cancellationToken);
                if (problems.Count == 0)
                {
                    break;
                }

                var first = problems[0].Id;
                after = problems[^1].Id;
                var candidates = await ReadAsync(due, byRun, setId, options.RunId, first, after, cancellationToken);
                if (candidates.Count == 0)
                {
                    continue;
                }

                var decisions = Decide(candidates, problems.ToDictionary(p => p.Id, p => p.ToProblem()));
                var applied = await writer.ApplyAsync(decisions, cancellationToken);
                batches++;
                for (var i = 0; i < decisions.Length; i++)
                {
                    var d = decisions[i];
                    var key = (d.Verifier, d.Candidate.VerifierVersion, d.Version);
                    if (!lines.TryGetValue(key, out var line))
                    {
                        line = new RegradeLine(d.Verifier, d.Candidate.VerifierVersion, d.Version);
                        lines.Add(key, line);
                    }

                    line.Checked++;
                    switch (applied[i])
                    {
                        case RegradeOutcome.Unchanged:
                            line.Unchanged++;
                            break;
                        case RegradeOutcome.FlawedChanged:
                            line.Unchanged++;
                            line.FlawedChanged++;
                            break;
                        case RegradeOutcome.ToTrace:
                            line.ToTraces++;
                            toTraces++;
                            break;
                        case RegradeOutcome.ToRejected:
                            line.ToRejected++;
                            toRejected++;
                            break;
                        default:
                            line.Skipped++;
                            break;
                    }
                }

                done += decisions.Length;
                progress?.Report(new RegradeProgress(done, Math.Max(total, done), toTraces, toRejected));
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }

        var ordered = lines.Values.OrderBy(l => l.Verifier, StringComparer.Ordinal).ThenBy(l => l.FromVersion).ThenBy(l => l.ToVersion).ToList();
        return new RegradeReport(ordered, batches, timer.Elapsed);
    }

    /// <summary>Verifies the batch on every core; a candidate that is or becomes a trace gets a fresh step check when its stored one is of an older checker.</summary>
    private RegradeDecision[] Decide(List<StoredCandidate> candidates, Dictionary<long, Problem> problems)
    {
        var decisions = new RegradeDecision[candidates.Count];
        Parallel.For(0, candidates.Count, Parallelism, i =>
        {
            var candidate = candidates[i];
            var problem = problems[candidate.ProblemId];
            var text = candidate.Text ?? CandidateText.Decompress(candidate.Compressed!);
            var verdict = verifiers.Verify(problem, text);
            StepCheck? steps = null;
            if (verdict.IsCorrect && (!candidate.IsTrace || StepVersion(candidate.StepCheck) != stepCheckers.VersionOf(problem.Kind)))
            {
                steps = stepCheckers.Check(problem, text);
            }

            decisions[i] = new RegradeDecision(candidate, text, problem.Kind.ToName(), verifiers.VersionOf(problem.Kind), verdict, steps);
        });
        return decisions;
    }

    /// <summary>The checker version a stored step check records; empty when none ran.</summary>
    private static string StepVersion(string? stepCheck)
    {
        if (stepCheck is null)
        {
            return string.Empty;
        }

        using var document = JsonDocument.Parse(stepCheck);
        return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() ?? string.Empty : string.Empty;
    }

    private async Task<long> CountAsync(string due, bool byRun, long setId, Guid? runId, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(context, RegradeQuery.Count(due, byRun));
        AddFilters(command, setId, runId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<StoredCandidate>> ReadAsync(
        string due, bool byRun, long setId, Guid? runId, long first, long last, CancellationToken cancellationToken)
    {
        var candidates = new List<StoredCandidate>();
        await using (var command = StoreCommands.Create(context, RegradeQuery.Traces(due, byRun)))
        {
            AddFilters(command, setId, runId);
            StoreCommands.AddMapped(context, command, "@first", first);
            StoreCommands.AddMapped(context, command, "@last", last);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(new StoredCandidate(
                    IsTrace: true,
                    Id: reader.GetInt64(0),
                    ProblemId: reader.GetInt64(1),
                    RunId: reader.GetGuid(2),
                    Text: reader.GetString(3),
                    Compressed: null,
                    FinalAnswer: NullableString(reader, 4),
                    Reason: reader.GetString(5),
                    Verdict: reader.GetString(6),
                    TokenCount: reader.GetInt32(7),
                    VerifierVersion: reader.GetInt32(8),
                    Hash: reader.GetFieldValue<byte[]>(9),
                    Flawed: reader.GetBoolean(10),
                    StepCheck: NullableString(reader, 11)));
            }
        }

        await using (var command = StoreCommands.Create(context, RegradeQuery.Rejected(due, byRun)))
        {
            AddFilters(command, setId, runId);
            StoreCommands.AddMapped(context, command, "@first", first);
            StoreCommands.AddMapped(context, command, "@last", last);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(new StoredCandidate(
                    IsTrace: false,
                    Id: reader.GetInt64(0),
                    ProblemId: reader.GetInt64(1),
                    RunId: reader.GetGuid(2),
                    Text: null,
                    Compressed: reader.GetFieldValue<byte[]>(3),
                    FinalAnswer: NullableString(reader, 4),
                    Reason: reader.GetString(5),
                    Verdict: reader.GetString(6),
                    TokenCount: reader.GetInt32(7),
                    VerifierVersion: reader.GetInt32(8),
                    Hash: reader.GetFieldValue<byte[]>(9),
                    Flawed: false,
                    StepCheck: null));
            }
        }

        return candidates;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private void AddFilters(DbCommand command, long setId, Guid? runId)
    {
        StoreCommands.AddMapped(context, command, "@set_id", setId);
        if (runId is { } id)
        {
            StoreCommands.AddMapped(context, command, "@run_id", id);
        }
    }

    private async Task<long> ResolveSetAsync(RegradeOptions options, CancellationToken cancellationToken)
    {
        var setId = await context.ProblemSets.AsNoTracking()
            .Where(s => s.Name == options.SetName)
            .Select(s => (long?)s.Id)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No problem set named '{options.SetName}'.");
        if (options.RunId is { } runId)
        {
            var runSet = await context.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => (long?)r.SetId).SingleOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException($"No run {runId}.");
            if (runSet != setId)
            {
                throw new InvalidOperationException($"Run {runId} is not a run of set '{options.SetName}'.");
            }
        }

        return setId;
    }
}
