using System.Diagnostics;
using DataFactory.Core.Harvest.Search;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Partial;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Schema;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Telemetry;

namespace DataFactory.Worker.Pipeline.Search;

/// <summary>
/// Runs the search policy over a batch's problems. Each round gathers every problem's asks from its
/// <see cref="StepBeamSearch"/> and generates them together, continuing each partial trace as an assistant prefix:
/// next steps in one call whose stop string is the step's end, rollouts in calls by the tokens left to their trace.
/// The chains that ended are verified by the pipeline (so verified ones become traces and rejected ones are kept
/// as any policy's), and every sample goes back to its search. Every generated token counts toward the problem's
/// tokens: steps, rollouts and discarded expansions.
/// </summary>
internal sealed class SearchHarvester(EngineHost engine, StepCheckerRegistry stepCheckers, PipelineMetrics metrics, PipelineActivities activities)
{
    // Re-encoding a prefix can take a few more tokens than were sampled: room kept below the context.
    private const int ContextMargin = 16;

    /// <summary>A problem with its search, whose steps are checked by the problem's step checkers.</summary>
    public HarvestedProblem Start(ProblemEntity entity, RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(run);
        var problem = entity.ToProblem();
        var limit = run.Sampling.MaxNewTokens;
        if (engine.Engine is { } local)
        {
            var prompt = local.EncodePrompt(new GenerationRequest(entity.ExternalId, entity.Prompt, engine.UseChatTemplate)).Count;
            limit = Math.Max(1, Math.Min(limit, local.ModelInfo.ContextLength - prompt - ContextMargin));
        }

        var search = run.Harvest.StartSearch(
            problem.Kind, limit, text => PartialStepCheck.Check(stepCheckers, problem, text), stepCheckers.For(problem.Kind).Count > 0);
        return new HarvestedProblem(entity, search);
    }

    /// <summary>Searches until every problem's search is finished.</summary>
    /// <param name="problems">The problems, each started by <see cref="Start"/>.</param>
    /// <param name="run">The run: sampling options and whether chat templates apply.</param>
    /// <param name="verify">The pipeline's verification of ended chains (full text and tokens): records them on the problem, returns their verdicts.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    public async Task HarvestAsync(
        IReadOnlyList<HarvestedProblem> problems, RunSummary run, Func<HarvestedProblem, ProblemGeneration, Verdict[]> verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(verify);
        while (true)
        {
            var asks = problems
                .SelectMany(p => Search(p).Next().Select(ask => new PendingAsk(p, ask)))
                .ToList();
            if (asks.Count == 0)
            {
                return;
            }

            // Steps stop at their end (one stop string per kind of step); a rollout may run to the trace's limit.
            foreach (var call in asks.GroupBy(a => a.Ask.Kind == SearchAskKind.Step
                ? (Step: Search(a.Problem).StepEnd, MaxTokens: run.Sampling.MaxNewTokens)
                : (Step: (string?)null, MaxTokens: Math.Max(1, run.Sampling.MaxNewTokens - a.Ask.PrefixTokens))))
            {
                var sampling = call.Key.Step is { } end
                    ? run.Sampling with { StopStrings = [.. run.Sampling.StopStrings, end], MaxNewTokens = call.Key.MaxTokens }
                    : run.Sampling with { MaxNewTokens = call.Key.MaxTokens };
                await GenerateAsync([.. call], sampling, run, verify, cancellationToken);
            }
        }
    }

    private static StepBeamSearch Search(HarvestedProblem problem) => (StepBeamSearch)problem.Policy;

    private async Task GenerateAsync(
        List<PendingAsk> asks, Core.Sampling.SamplingOptions sampling, RunSummary run, Func<HarvestedProblem, ProblemGeneration, Verdict[]> verify,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<ProblemGeneration> generations;
        var timer = Stopwatch.StartNew();
        using (StageTimer.Start(metrics, activities, "generate"))
        {
            generations = await engine.GenerateAsync(
                [.. asks.Select(a => new GenerationRequest(a.Problem.Entity.ExternalId, a.Problem.Entity.Prompt, engine.UseChatTemplate)
                {
                    AssistantPrefix = a.Ask.Prefix.Length == 0 ? null : a.Ask.Prefix,
                    FirstCandidate = a.Ask.FirstIndex,
                    Count = a.Ask.Count,
                })],
                sampling,
                cancellationToken);
        }

        var elapsed = timer.Elapsed;
        var callTokens = generations.Sum(g => g.Candidates.Sum(c => (long)c.TokenCount));
        using (StageTimer.Start(metrics, activities, "verify"))
        {
            for (var i = 0; i < asks.Count; i++)
            {
                var (problem, ask) = asks[i];
                var candidates = generations[i].Candidates;
                var tokens = candidates.Sum(c => (long)c.TokenCount);
                problem.Tokens += tokens;
                problem.Duration += callTokens > 0 ? elapsed * ((double)tokens / callTokens) : elapsed / asks.Count;
                Search(problem).Hear(ask, Judge(problem, ask, candidates, run, verify));
            }
        }
    }

    /// <summary>The samples of one ask, the chains that ended verified by the pipeline (a flawed one does not count as verified).</summary>
    private SearchSample[] Judge(
        HarvestedProblem problem, SearchAsk ask, IReadOnlyList<GeneratedCandidate> candidates, RunSummary run, Func<HarvestedProblem, ProblemGeneration, Verdict[]> verify)
    {
        var ended = candidates.Where(c => ask.Kind == SearchAskKind.Rollout || c.Reason != FinishReason.Stop).ToArray();
        var verified = new HashSet<int>();
        if (ended.Length > 0)
        {
            var chains = ended.Select(c => c with { Text = ask.Prefix + c.Text, TokenCount = ask.PrefixTokens + c.TokenCount }).ToArray();
            var verdicts = verify(problem, new ProblemGeneration(problem.Entity.ExternalId, 0, chains));
            var correct = chains.Where((_, j) => verdicts[j].IsCorrect).Select(c => c.Index).ToHashSet();

            // The pipeline step-checked the correct ones as it accepted them: a flawed one is not kept unless the run keeps flawed traces.
            foreach (var (candidate, _) in problem.Accepted)
            {
                if (correct.Contains(candidate.CandidateIndex) && (run.KeepFlawed || candidate.Steps?.IsFlawed != true))
                {
                    verified.Add(candidate.CandidateIndex);
                }
            }
        }

        return [.. candidates.Select(c => new SearchSample(
            c.Index, c.Text, c.TokenCount, Ended: ask.Kind == SearchAskKind.Rollout || c.Reason != FinishReason.Stop, Verified: verified.Contains(c.Index)))];
    }

    private readonly record struct PendingAsk(HarvestedProblem Problem, SearchAsk Ask);
}
