using System.Diagnostics;
using System.Globalization;
using DataFactory.Core.Steps.Labelling;
using DataFactory.Core.Steps.Splitting;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Writing;
using DataFactory.Worker.Hosting;

namespace DataFactory.Worker.Pipeline;

/// <summary>
/// The label policy's second half: every distinct candidate of the batch's problems, verified or not, is cut into
/// steps and its step prefixes are rolled out (up to m continuations each, the prefix prefilled once and shared per
/// ask) as its <see cref="FirstErrorSearch"/> asks; a rollout succeeds when the prefix plus its continuation verifies.
/// The candidates of all problems advance together, a wave of asks at a time (one for exhaustive search; for
/// bisection one per probe and chunk of rollouts), so each wave fills the engine's batch.
/// </summary>
internal sealed class StepLabeller(EngineHost engine, VerifierRegistry verifiers)
{
    private static readonly ParallelOptions ParallelVerify = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    public async Task LabelAsync(IReadOnlyList<HarvestedProblem> problems, RunSummary run, CancellationToken cancellationToken)
    {
        var settings = run.Harvest;
        var candidates = new List<Candidate>();
        foreach (var problem in problems)
        {
            foreach (var (text, verified) in problem.AllCandidates.DistinctBy(c => c.Text, StringComparer.Ordinal))
            {
                var steps = StepSplitter.Split(problem.Problem.Kind, text);
                if (steps.Count > 0 && FitsContext(problem, steps))
                {
                    candidates.Add(new Candidate(problem, steps, verified, new FirstErrorSearch(steps.Count, verified, settings.LabelSearch, settings.Rollouts)));
                }
            }
        }

        while (true)
        {
            var asks = candidates.SelectMany(c => c.Search.Next().Select(ask => (Candidate: c, Ask: ask))).ToList();
            if (asks.Count == 0)
            {
                break;
            }

            await RollOutAsync(asks, run, cancellationToken);
        }

        foreach (var candidate in candidates)
        {
            candidate.Problem.Labelled.Add(new LabelledCandidate(candidate.Steps, candidate.Verified, candidate.Search.Labels(), settings.LabelSearch));
        }
    }

    private async Task RollOutAsync(List<(Candidate Candidate, RolloutAsk Ask)> asks, RunSummary run, CancellationToken cancellationToken)
    {
        var prefixes = asks.Select(a => string.Concat(a.Candidate.Steps.Take(a.Ask.Prefix + 1))).ToArray();

        // A rollout's seed derives from (run seed, problem, candidate, prefix, index), so a prefix gets the same
        // rollouts whichever search visits it, in whatever batch or chunk.
        var requests = asks.Select((a, i) => new GenerationRequest(RolloutId(a.Candidate, a.Ask.Prefix), a.Candidate.Problem.Entity.Prompt, engine.UseChatTemplate)
        {
            AssistantPrefix = prefixes[i],
            FirstCandidate = a.Ask.First,
            Count = a.Ask.Count,
        }).ToArray();
        var timer = Stopwatch.StartNew();
        var generations = await engine.GenerateAsync(requests, run.Sampling, cancellationToken);
        var elapsed = timer.Elapsed;

        var tokens = generations.Select(g => g.Candidates.Sum(c => (long)c.TokenCount)).ToArray();
        var total = tokens.Sum();
        var successes = new int[asks.Count];
        Parallel.For(0, asks.Count, ParallelVerify, i =>
        {
            var problem = asks[i].Candidate.Problem.Problem;
            successes[i] = generations[i].Candidates.Count(c => verifiers.Verify(problem, prefixes[i] + c.Text).IsCorrect);
        });

        for (var i = 0; i < asks.Count; i++)
        {
            var (candidate, ask) = asks[i];
            candidate.Search.Record(ask.Prefix, successes[i], generations[i].Candidates.Count);
            candidate.Problem.Tokens += tokens[i];
            candidate.Problem.Duration += total > 0 ? elapsed * ((double)tokens[i] / total) : elapsed / asks.Count;
        }
    }

    /// <summary>
    /// Whether the longest prefix that may be rolled out (all steps but the last) fits the in-process engine's
    /// context with room to generate: a candidate cut at the context can re-encode a few tokens longer, and one
    /// prompt that does not fit would fail the whole generate call. Such a candidate is not labelled.
    /// </summary>
    private bool FitsContext(HarvestedProblem problem, IReadOnlyList<string> steps)
    {
        if (engine.Engine is not { } local || steps.Count < 2)
        {
            return true;
        }

        var request = new GenerationRequest(problem.Entity.ExternalId, problem.Entity.Prompt, engine.UseChatTemplate)
        {
            AssistantPrefix = string.Concat(steps.Take(steps.Count - 1)),
        };
        return local.EncodePrompt(request).Count < local.ModelInfo.ContextLength;
    }

    private static string RolloutId(Candidate candidate, int prefix) => string.Create(
        CultureInfo.InvariantCulture, $"{candidate.Problem.Entity.ExternalId}#{candidate.Id}#{prefix}");

    private sealed record Candidate(HarvestedProblem Problem, IReadOnlyList<string> Steps, bool Verified, FirstErrorSearch Search)
    {
        /// <summary>The first 16 hex digits of the SHA-256 of the candidate's text: its part of the rollout seeds.</summary>
        public string Id { get; } = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(Steps))))[..16];
    }
}
