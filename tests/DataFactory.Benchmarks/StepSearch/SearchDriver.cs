using DataFactory.Core.Harvest;
using DataFactory.Core.Harvest.Search;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Partial;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;

namespace DataFactory.Benchmarks.StepSearch;

/// <summary>
/// Drives <see cref="StepBeamSearch"/> over many problems on one engine, as the worker's search harvester does:
/// every round's asks of every problem go in one generate call per kind of ask, each partial trace continued as an
/// assistant prefix, steps cut by the step's end as a stop string; an ended chain counts as solved when it verifies
/// and has no false checkable step (what the pipeline would store).
/// </summary>
internal sealed class SearchDriver(GenerationEngine engine, VerifierRegistry verifiers, StepCheckerRegistry checkers)
{
    private const int ContextMargin = 16;

    /// <summary>Searches every problem to its end; per problem whether it was solved, its tokens and its candidates (ended chains).</summary>
    public IReadOnlyList<(bool Solved, long Tokens, int Chains)> Run(IReadOnlyList<Problem> problems, HarvestSettings settings, SamplingOptions sampling)
    {
        var searches = problems.Select(p => Start(p, settings, sampling)).ToArray();
        var solved = new bool[problems.Count];
        while (true)
        {
            var asks = searches.SelectMany((s, i) => s.Next().Select(a => (Problem: i, Ask: a))).ToList();
            if (asks.Count == 0)
            {
                break;
            }

            foreach (var call in asks.GroupBy(a => a.Ask.Kind == SearchAskKind.Step
                ? (Step: searches[a.Problem].StepEnd, MaxTokens: sampling.MaxNewTokens)
                : (Step: (string?)null, MaxTokens: Math.Max(1, sampling.MaxNewTokens - a.Ask.PrefixTokens))))
            {
                var group = call.ToArray();
                var callSampling = call.Key.Step is { } end
                    ? sampling with { StopStrings = [.. sampling.StopStrings, end] }
                    : sampling with { MaxNewTokens = call.Key.MaxTokens };
                var generated = engine.Generate(
                    [.. group.Select(a => new GenerationRequest(problems[a.Problem].Id, problems[a.Problem].Prompt, UseChatTemplate: true)
                    {
                        AssistantPrefix = a.Ask.Prefix.Length == 0 ? null : a.Ask.Prefix,
                        FirstCandidate = a.Ask.FirstIndex,
                        Count = a.Ask.Count,
                    })],
                    callSampling,
                    CancellationToken.None);
                for (var g = 0; g < group.Length; g++)
                {
                    var (index, ask) = group[g];
                    var samples = generated[g].Candidates.Select(c =>
                    {
                        var ended = ask.Kind == SearchAskKind.Rollout || c.Reason != FinishReason.Stop;
                        var verified = ended && Solves(problems[index], ask.Prefix + c.Text);
                        solved[index] |= verified;
                        return new SearchSample(c.Index, c.Text, c.TokenCount, ended, verified);
                    }).ToArray();
                    searches[index].Hear(ask, samples);
                }
            }
        }

        return [.. searches.Select((s, i) => (solved[i], s.Tokens, s.Chains))];
    }

    /// <summary>What the pipeline stores: a verified chain without a false checkable step.</summary>
    public bool Solves(Problem problem, string chain) => verifiers.Verify(problem, chain).IsCorrect && !checkers.Check(problem, chain).IsFlawed;

    private StepBeamSearch Start(Problem problem, HarvestSettings settings, SamplingOptions sampling)
    {
        var prompt = engine.EncodePrompt(new GenerationRequest(problem.Id, problem.Prompt, UseChatTemplate: true)).Count;
        var limit = Math.Max(1, Math.Min(sampling.MaxNewTokens, engine.ModelInfo.ContextLength - prompt - ContextMargin));
        return settings.StartSearch(problem.Kind, limit, text => PartialStepCheck.Check(checkers, problem, text), checkers.For(problem.Kind).Count > 0);
    }
}
