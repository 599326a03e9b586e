using System.Diagnostics;
using DataFactory.Core.Consensus;
using DataFactory.Core.Curation;
using DataFactory.Core.Diversity;
using DataFactory.Core.Harvest;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Schema;
using DataFactory.Storage.Writing;
using DataFactory.Worker.Contracts;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Pipeline.EarlyStop;
using DataFactory.Worker.Pipeline.Search;
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
    StepCheckerRegistry stepCheckers,
    CurationOptions curation,
    PipelineMetrics metrics,
    PipelineActivities activities,
    SearchHarvester search,
    ILogger<TracePipeline> logger) : ITracePipeline
{
    private static readonly ParallelOptions ParallelVerify = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

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
            var written = await new BatchWriter(context).MarkFailedAsync(message.RunId, known, Truncate(reason), cancellationToken);
            metrics.ProblemsFailed(written.NewAttempts, run.RunId);
            RecordProgress(run, written);
        }
    }

    private async Task<PipelineResult> ProcessRunAsync(Guid runId, long[] problemIds, CancellationToken cancellationToken)
    {
        var batchTimer = Stopwatch.StartNew();
        using var batch = activities.StartBatch(runId, problemIds.Length);
        RunSummary run;
        List<ProblemEntity> problems;
        using (StageTimer.Start(metrics, activities, "load"))
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
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

        var skipped = problemIds.Length - problems.Count;
        if (problems.Count == 0)
        {
            metrics.RunProgressed(runId, run.ProblemsDone + run.ProblemsFailed, run.ProblemsTotal);
            return new PipelineResult(problemIds.Length, skipped, 0, 0, 0, 0, 0);
        }

        var outcomes = new List<ProblemOutcome>(problems.Count);
        var runnable = new List<ProblemEntity>(problems.Count);
        foreach (var problem in problems)
        {
            // Stored before import checked gold answers, or written by other means: fail it with the
            // reason rather than generate candidates no verifier can judge.
            var rejection = Voted(run, problem) is null && verifiers.CheckProblem(problem.ToProblem()) is { } unverifiable
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

        metrics.WorkStarting(runnable.Select(p => p.Kind.ToName()).Distinct(StringComparer.Ordinal), run.RunId);
        var curator = new TraceCurator(curation with { KeepFlawed = run.KeepFlawed });
        var harvest = run.Harvest;
        var before = engine.Engine?.Stats;
        List<HarvestedProblem> harvested;
        if (harvest.Policy == HarvestPolicyKind.Search)
        {
            // Search asks for steps and rollouts of partial traces, not rounds of candidates: its own loop.
            harvested = [.. runnable.Select(p => search.Start(p, run))];
            await search.HarvestAsync(harvested, run, (problem, generation) => Verify(problem, generation, run), cancellationToken);
        }
        else
        {
            harvested = [.. runnable.Select(p => new HarvestedProblem(p, harvest.Start(), Voted(run, p)))];

            // The run's policy decides, problem by problem and round by round, what to generate next; a round's
            // candidates are verified before the next round is asked for.
            while (true)
            {
                var round = harvested.Select(h => (Problem: h, Count: h.Policy.NextRound())).Where(r => r.Count > 0).ToList();
                if (round.Count == 0)
                {
                    break;
                }

                await GenerateRoundAsync(round, run, curator, cancellationToken);
            }
        }

        if (harvest.Policy == HarvestPolicyKind.Label)
        {
            using (StageTimer.Start(metrics, activities, "label"))
            {
                await new StepLabeller(engine, verifiers).LabelAsync(harvested, run, cancellationToken);
            }
        }

        if (before is not null && engine.Engine?.Stats is { } after)
        {
            metrics.BatchOccupancy(after.DecodeSteps - before.DecodeSteps, after.RowSteps - before.RowSteps, engine.MaxBatchRows);
        }

        long candidates = 0, correct = 0, tokens = 0;
        foreach (var problem in harvested)
        {
            var outcome = Outcome(problem, run, curator);
            candidates += outcome.Candidates;
            correct += outcome.Correct;
            tokens += outcome.Tokens;
            outcomes.Add(outcome);
        }

        BatchWriteResult written;
        using (StageTimer.Start(metrics, activities, "write"))
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            written = await new BatchWriter(context).WriteAsync(runId, outcomes, cancellationToken);
        }

        metrics.BatchDuration(batchTimer.Elapsed);
        RecordTraces(runId, runnable, outcomes, written);
        metrics.ConsensusTracesWritten(written.ConsensusWritten, runId);
        var failed = outcomes.Count(o => o.Status == AttemptStatus.Failed);
        metrics.ProblemsFailed(failed, runId);
        RecordProgress(run, written);
        batch?.SetTag("datafactory.traces", written.TracesWritten);
        Log.BatchWritten(logger, runId, problems.Count, candidates, correct, written.TracesWritten, written.Duplicates, batchTimer.Elapsed.TotalSeconds);
        return new PipelineResult(problemIds.Length, skipped + written.Duplicates, failed, candidates, correct, written.TracesWritten, tokens);
    }

    /// <summary>
    /// Counts the stored traces by task kind. The write reports one total per batch: it splits exactly
    /// by kind when the batch has one kind, or when every attempt and trace of the batch was new (the
    /// usual case); otherwise (a partial redelivery of a mixed batch) the total is labelled <c>mixed</c>.
    /// </summary>
    private void RecordTraces(Guid runId, List<ProblemEntity> runnable, List<ProblemOutcome> outcomes, BatchWriteResult written)
    {
        var kinds = runnable.ToDictionary(p => p.Id, p => p.Kind.ToName());
        var distinct = kinds.Values.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length == 1)
        {
            metrics.TracesWritten(written.TracesWritten, distinct[0], runId);
        }
        else if (written.Duplicates == 0 && written.TracesSkipped == 0)
        {
            foreach (var group in outcomes.Where(o => kinds.ContainsKey(o.ProblemId)).GroupBy(o => kinds[o.ProblemId], StringComparer.Ordinal))
            {
                metrics.TracesWritten(group.Sum(o => o.Traces.Count), group.Key, runId);
            }
        }
        else if (written.TracesWritten > 0)
        {
            metrics.TracesWritten(written.TracesWritten, "mixed", runId);
        }
    }

    private void RecordProgress(RunSummary run, BatchWriteResult written) =>
        metrics.RunProgressed(
            run.RunId,
            written.RunCompleted ? run.ProblemsTotal : run.ProblemsDone + run.ProblemsFailed + written.NewAttempts,
            run.ProblemsTotal);

    /// <summary>Generates one round for the problems that asked for one, and verifies it.</summary>
    private async Task GenerateRoundAsync(
        List<(HarvestedProblem Problem, int Count)> round, RunSummary run, TraceCurator curator, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProblemGeneration> generations;
        var generationTimer = Stopwatch.StartNew();
        using (StageTimer.Start(metrics, activities, "generate"))
        {
            generations = await engine.GenerateAsync(
                [.. round.Select(r => new GenerationRequest(r.Problem.Entity.ExternalId, r.Problem.Entity.Prompt, engine.UseChatTemplate)
                {
                    FirstCandidate = r.Problem.Policy.Drawn,
                    Count = r.Count,
                    EarlyStop = VerifiedEnough.For(r.Problem, r.Count, run.Harvest, verifiers, stepCheckers, curator),
                    StepGuard = FalseStepGuard.For(r.Problem, run, stepCheckers),
                })],
                run.Sampling,
                cancellationToken);
        }

        var generationTime = generationTimer.Elapsed;
        // Tokens of candidates an early stop left unfinished were generated too: they count.
        var roundTokens = generations.Sum(g => g.Candidates.Sum(c => (long)c.TokenCount) + g.AbandonedTokens);
        using (StageTimer.Start(metrics, activities, "verify"))
        {
            for (var i = 0; i < round.Count; i++)
            {
                var (problem, count) = round[i];
                var generation = generations[i];
                var problemTokens = generation.Candidates.Sum(c => (long)c.TokenCount) + generation.AbandonedTokens;

                // The round's problems were generated together: each gets the share of the generation time
                // its tokens took, so the run's tokens over its seconds is the engine's rate.
                problem.Duration += roundTokens > 0 ? generationTime * ((double)problemTokens / roundTokens) : generationTime / round.Count;
                problem.Tokens += problemTokens;
                if (problem.Vote is not null)
                {
                    Vote(problem, generation, run.Harvest.Consensus!);
                }
                else
                {
                    Verify(problem, generation, run);
                }

                var curated = problem.Curate(curator);
                // The path sample only feeds the saturation stop: a run without it does not compute one.
                var sample = run.Harvest.Saturation ? problem.PathSample() : default;
                problem.Policy.Record(count, problem.Accepted.Count, problem.DistinctPaths(curated), sample);
            }
        }
    }

    /// <summary>
    /// Verifies a round of a problem's candidates; a correct one also gets its step check (a false checkable step
    /// makes it flawed: counted, and stored only when the run keeps flawed traces). Counts the candidates, not their
    /// tokens (the caller counts every token it generated). Returns the verdicts in candidate order.
    /// </summary>
    private Verdict[] Verify(HarvestedProblem problem, ProblemGeneration generation, RunSummary run)
    {
        var version = verifiers.VersionOf(problem.Problem.Kind);
        var candidates = generation.Candidates;
        // Verifiers are pure and thread-safe; a code verdict waits on a sandboxed process, so the
        // candidates of a problem are checked side by side.
        var checks = new Verdict[candidates.Count];
        var steps = new StepCheck?[candidates.Count];
        var signatures = new ChainSignature?[candidates.Count];
        Parallel.For(0, candidates.Count, ParallelVerify, i =>
        {
            checks[i] = verifiers.Verify(problem.Problem, candidates[i].Text);
            if (checks[i].IsCorrect)
            {
                steps[i] = stepCheckers.Check(problem.Problem, candidates[i].Text);
                signatures[i] = ChainSignature.Of(candidates[i].Text);
            }
        });
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (run.Harvest.Policy == HarvestPolicyKind.Label)
            {
                problem.AllCandidates.Add((candidate.Text, checks[i].IsCorrect));
            }

            if (checks[i].IsCorrect)
            {
                problem.Signatures[candidate.Index] = signatures[i]!;
                problem.Accepted.Add((new CandidateForCuration(candidate.Index, candidate.Text, checks[i].Extracted ?? string.Empty, candidate.TokenCount, steps[i]), checks[i]));
            }
            else if (run.KeepRejected && checks[i].Status is VerdictStatus.Incorrect or VerdictStatus.Unparseable)
            {
                // Only what the verifier judged wrong: an unsupported verdict (code without a sandbox) judged nothing.
                problem.Rejected.Add(new RejectedCandidate(candidate.Text, checks[i], problem.Kind, version, candidate.TokenCount));
            }
        }

        problem.Candidates += candidates.Count;
        problem.Stopped += candidates.Count(c => c.Reason == FinishReason.FalseStep);
        return checks;
    }

    /// <summary>
    /// Counts a round of a problem without a gold answer in the vote (in candidate order, so that the groups do not
    /// depend on the order candidates finished in; a candidate with a false checkable step abstains), then takes as
    /// accepted the candidates that agree with the majority answer, verified against it, once it reaches the run's
    /// thresholds; none before. Candidates that disagree are not kept as rejected: without a gold answer nothing
    /// was judged wrong.
    /// </summary>
    private void Vote(HarvestedProblem problem, ProblemGeneration generation, ConsensusSettings settings)
    {
        var vote = problem.Vote!;
        foreach (var candidate in generation.Candidates.OrderBy(c => c.Index))
        {
            problem.Drawn.Add(candidate);

            // A step check needs no gold answer. An answer reached through a false checkable step is no evidence
            // for that answer (the model miscalculated its way there), so such a candidate does not vote.
            var steps = stepCheckers.Check(problem.Problem, candidate.Text);
            problem.StepChecks[candidate.Index] = steps;
            problem.Signatures[candidate.Index] = ChainSignature.Of(candidate.Text);
            if (steps?.IsFlawed == true)
            {
                vote.Abstain();
            }
            else
            {
                vote.Add(candidate.Index, candidate.Text);
            }
        }

        problem.Candidates += generation.Candidates.Count;
        problem.Label = vote.Majority(settings);
        problem.Accepted.Clear();
        if (problem.Label is not { Reached: true } label)
        {
            return;
        }

        var labelled = vote.Labelled(label);
        var drawn = problem.Drawn.ToDictionary(c => c.Index);
        foreach (var index in label.Group.Members)
        {
            var candidate = drawn[index];
            var verdict = verifiers.Verify(labelled, candidate.Text);
            if (!verdict.IsCorrect)
            {
                continue;
            }

            problem.Accepted.Add((new CandidateForCuration(index, candidate.Text, verdict.Extracted ?? string.Empty, candidate.TokenCount, problem.StepChecks[index]), verdict));
        }
    }

    /// <summary>A problem's outcome once its policy asks for nothing more: its curated traces of every round.</summary>
    private ProblemOutcome Outcome(HarvestedProblem problem, RunSummary run, TraceCurator curator)
    {
        var curated = problem.Curate(curator);
        var kept = curated.Kept;
        if (run.Harvest.MaxPerProblem is { } quota)
        {
            // The run's quota of distinct paths: the first trace of each path, in candidate order, up to the quota.
            var picked = DistinctChains.FirstOfEachPath([.. kept.Select(t => problem.Signatures[t.CandidateIndex])], quota);
            kept = [.. picked.Select(i => kept[i])];
        }

        var verdicts = problem.Accepted.ToDictionary(a => a.Candidate.CandidateIndex, a => a.Verdict);
        var label = problem.Label;
        var consensus = problem.Vote is not null;
        var traces = kept
            .Select(t => new VerifiedTrace(t.Text, verdicts[t.CandidateIndex], problem.Kind, t.TokenCount)
            {
                Flawed = t.IsFlawed,
                VerifierVersion = verifiers.VersionOf(problem.Problem.Kind),
                StepCheck = StepCheckJson.Write(t.Steps),
                Hash = Convert.FromHexString(t.Hash),
                Consensus = consensus,
                VoteShare = consensus ? label?.Share : null,
            })
            .ToArray();
        var exhausted = problem.Policy.Exhausted;
        metrics.ProblemProcessed(problem.Kind, run.RunId, problem.Candidates, problem.Accepted.Count, curated.Flawed, problem.Tokens, problem.Stopped);
        metrics.ProblemHarvested(problem.Kind, run.RunId, problem.Candidates, covered: problem.Accepted.Count > 0, exhausted, problem.Policy.Saturated);
        if (consensus)
        {
            metrics.ProblemVoted(problem.Kind, run.RunId, label?.Reached == true);
        }

        return ProblemOutcome.Done(problem.Entity.Id, problem.Candidates, problem.Accepted.Count, problem.Tokens, traces) with
        {
            Flawed = curated.Flawed,
            Stopped = problem.Stopped,
            Duration = problem.Duration,
            Exhausted = exhausted,
            Saturated = problem.Policy.Saturated,
            Rejected = problem.Rejected,
            Labelled = problem.Labelled,
            PseudoLabel = label is { Reached: true } ? label.Answer : null,
            VoteShare = consensus ? label?.Share ?? 0 : null,
            Votes = consensus ? label?.Votes ?? 0 : null,
        };
    }

    /// <summary>
    /// The vote of a problem that a consensus run labels by majority (no gold answer; math, exact or multiple
    /// choice); null for every other problem, which is verified against its gold answer as in any run.
    /// </summary>
    private ConsensusVote? Voted(RunSummary run, ProblemEntity entity)
    {
        if (run.Harvest.Consensus is null)
        {
            return null;
        }

        var problem = entity.ToProblem();
        return ConsensusVote.Applies(problem) ? new ConsensusVote(verifiers.For(problem.Kind), problem) : null;
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
