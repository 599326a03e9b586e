using System.Diagnostics;
using DataFactory.Core.Curation;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Schema;
using DataFactory.Storage.Writing;
using DataFactory.Worker.Contracts;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataFactory.Worker.Pipeline;

/// <summary>
/// Load problems → engine → verifier → curator → one transaction per run. Problems whose run already
/// has an attempt are skipped before generation (the writer would ignore them anyway), so a
/// redelivered message costs a query, not a generation.
/// </summary>
internal sealed class TracePipeline(
    IDbContextFactory<DataFactoryDbContext> contexts,
    EngineHost engine,
    VerifierRegistry verifiers,
    TraceCurator curator,
    PipelineMetrics metrics,
    ILogger<TracePipeline> logger) : ITracePipeline
{
    public async Task<PipelineResult> ProcessAsync(IReadOnlyList<GenerateTraces> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var total = PipelineResult.Empty;
        foreach (var run in messages.GroupBy(m => m.RunId))
        {
            var ids = run.SelectMany(m => m.ProblemIds).Distinct().ToArray();
            total = total.Add(await ProcessRunAsync(run.Key, ids, cancellationToken));
        }

        return total;
    }

    public async Task MarkFailedAsync(GenerateTraces message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await new RunStore(context).GetRunAsync(message.RunId, cancellationToken);
        if (run is null)
        {
            Log.CannotMarkFailed(logger, message.RunId, "the run does not exist");
            return;
        }

        var known = await context.Problems.AsNoTracking()
            .Where(p => message.ProblemIds.Contains(p.Id) && context.ProblemSets.Any(s => s.Id == p.SetId && s.Name == run.SetName))
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        if (known.Count > 0)
        {
            await new BatchWriter(context).MarkFailedAsync(message.RunId, known, Truncate(reason), cancellationToken);
            metrics.ProblemsFailed(known.Count, run.RunId);
        }
    }

    private async Task<PipelineResult> ProcessRunAsync(Guid runId, long[] problemIds, CancellationToken cancellationToken)
    {
        var batchTimer = Stopwatch.StartNew();
        var stageTimer = Stopwatch.StartNew();
        RunSummary run;
        List<ProblemEntity> problems;
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            run = await new RunStore(context).GetRunAsync(runId, cancellationToken)
                ?? throw new UnknownWorkException($"Run {runId} does not exist.");
            problems = await LoadProblemsAsync(context, run, problemIds, cancellationToken);
        }

        var fingerprint = engine.Fingerprint;
        if (run.Model.Hash is { } wanted && !string.Equals(wanted, fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelMismatchException(
                $"Run {runId} was created for model '{run.Model.Name}' ({wanted[..Math.Min(12, wanted.Length)]}); this worker serves {fingerprint[..12]}.");
        }

        metrics.StageDuration("load", stageTimer.Elapsed);
        var skipped = problemIds.Length - problems.Count;
        if (problems.Count == 0)
        {
            return new PipelineResult(problemIds.Length, skipped, 0, 0, 0, 0, 0);
        }

        var outcomes = new List<ProblemOutcome>(problems.Count);
        var runnable = new List<ProblemEntity>(problems.Count);
        foreach (var problem in problems)
        {
            // Stored before import checked gold answers, or written by other means: fail it with the
            // reason rather than generate candidates no verifier can judge.
            var rejection = verifiers.CheckProblem(problem.ToProblem()) is { } unverifiable
                ? $"problem '{problem.ExternalId}' cannot be verified: {unverifiable}"
                : engine.CheckPrompt(problem.ExternalId, problem.Prompt, run.Sampling.MaxNewTokens);
            if (rejection is null)
            {
                runnable.Add(problem);
            }
            else
            {
                outcomes.Add(ProblemOutcome.Failed(problem.Id, rejection));
            }
        }

        stageTimer.Restart();
        var generations = runnable.Count == 0
            ? []
            : await engine.GenerateAsync(
                [.. runnable.Select(p => new GenerationRequest(p.ExternalId, p.Prompt, engine.UseChatTemplate))],
                run.Sampling,
                cancellationToken);
        metrics.StageDuration("generate", stageTimer.Elapsed);

        stageTimer.Restart();
        long candidates = 0, correct = 0, tokens = 0;
        for (var i = 0; i < runnable.Count; i++)
        {
            var outcome = Verify(runnable[i], generations[i], run.RunId);
            candidates += outcome.Candidates;
            correct += outcome.Correct;
            tokens += outcome.Tokens;
            outcomes.Add(outcome);
        }

        metrics.StageDuration("verify", stageTimer.Elapsed);

        stageTimer.Restart();
        BatchWriteResult written;
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            written = await new BatchWriter(context).WriteAsync(runId, outcomes, cancellationToken);
        }

        metrics.StageDuration("write", stageTimer.Elapsed);
        metrics.BatchDuration(batchTimer.Elapsed);
        // One transaction per batch: the stored count is per batch, labelled with its kind when the batch has one.
        var kinds = runnable.Select(p => p.Kind).Distinct().ToArray();
        metrics.TracesWritten(written.TracesWritten, kinds.Length == 1 ? kinds[0].ToName() : "mixed", runId);
        var failed = outcomes.Count(o => o.Status == AttemptStatus.Failed);
        metrics.ProblemsFailed(failed, runId);
        Log.BatchWritten(logger, runId, problems.Count, candidates, correct, written.TracesWritten, written.Duplicates, batchTimer.Elapsed.TotalSeconds);
        return new PipelineResult(problemIds.Length, skipped + written.Duplicates, failed, candidates, correct, written.TracesWritten, tokens);
    }

    private ProblemOutcome Verify(ProblemEntity entity, ProblemGeneration generation, Guid runId)
    {
        var problem = entity.ToProblem();
        var kind = problem.Kind.ToName();
        var accepted = new List<(CandidateForCuration Candidate, Verdict Verdict)>();
        long tokens = 0;
        foreach (var candidate in generation.Candidates)
        {
            tokens += candidate.TokenCount;
            var verdict = verifiers.Verify(problem, candidate.Text);
            if (verdict.IsCorrect)
            {
                accepted.Add((new CandidateForCuration(candidate.Index, candidate.Text, verdict.Extracted ?? string.Empty, candidate.TokenCount), verdict));
            }
        }

        var curated = curator.Curate(accepted.Select(a => a.Candidate));
        var verdicts = accepted.ToDictionary(a => a.Candidate.CandidateIndex, a => a.Verdict);
        var traces = curated.Kept
            .Select(t => new VerifiedTrace(t.Text, verdicts[t.CandidateIndex], kind, t.TokenCount))
            .ToArray();
        metrics.ProblemProcessed(kind, runId, generation.Candidates.Count, accepted.Count, tokens);
        return ProblemOutcome.Done(entity.Id, generation.Candidates.Count, accepted.Count, tokens, traces);
    }

    private static async Task<List<ProblemEntity>> LoadProblemsAsync(
        DataFactoryDbContext context, RunSummary run, long[] problemIds, CancellationToken cancellationToken)
    {
        var problems = await context.Problems.AsNoTracking()
            .Where(p => problemIds.Contains(p.Id) && context.ProblemSets.Any(s => s.Id == p.SetId && s.Name == run.SetName))
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);
        if (problems.Count != problemIds.Length)
        {
            var missing = problemIds.Except(problems.Select(p => p.Id)).Take(10);
            throw new UnknownWorkException(
                $"Run {run.RunId} (set '{run.SetName}') has no problem with id {string.Join(", ", missing)}.");
        }

        var attempted = await context.ProblemAttempts.AsNoTracking()
            .Where(a => a.RunId == run.RunId && problemIds.Contains(a.ProblemId))
            .Select(a => a.ProblemId)
            .ToListAsync(cancellationToken);
        return attempted.Count == 0 ? problems : problems.Where(p => !attempted.Contains(p.Id)).ToList();
    }

    private static string Truncate(string reason) => reason.Length <= 2000 ? reason : reason[..2000];
}
