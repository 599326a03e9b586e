using DataFactory.Core.Diversity;
using DataFactory.Core.Harvest;

namespace DataFactory.Benchmarks.Harvest;

/// <summary>
/// Runs a policy's state machines over candidates already generated. A candidate's seed depends only on (run seed,
/// problem, index), so the candidates a policy would draw are the first ones of a flat run with the same seed:
/// the replay spends exactly the tokens the policy would, and the benchmark checks that against a real run.
/// </summary>
internal static class PolicyReplay
{
    public static PolicyFigures Replay(string name, HarvestSettings settings, IReadOnlyList<IReadOnlyList<HarvestCandidate>> problems)
    {
        int covered = 0, exhausted = 0;
        long candidates = 0, tokens = 0, distinct = 0;
        foreach (var pool in problems)
        {
            var harvest = settings.Start();
            var verified = new List<ChainSignature>();
            while (harvest.NextRound() is var round and > 0)
            {
                if (harvest.Drawn + round > pool.Count)
                {
                    throw new InvalidOperationException($"{name} asks for candidate {harvest.Drawn + round - 1}; only {pool.Count} were generated.");
                }

                foreach (var candidate in pool.Skip(harvest.Drawn).Take(round))
                {
                    tokens += candidate.Tokens;
                    if (candidate.Verified)
                    {
                        verified.Add(candidate.Signature!);
                    }
                }

                harvest.Record(round, verified.Count, DistinctChains.Count(verified));
            }

            candidates += harvest.Drawn;
            covered += verified.Count > 0 ? 1 : 0;
            exhausted += harvest.Exhausted ? 1 : 0;
            distinct += DistinctChains.Count(verified);
        }

        return new PolicyFigures(name, problems.Count, covered, exhausted, candidates, tokens, distinct);
    }
}
