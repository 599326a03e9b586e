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
    /// <param name="name">The row's name.</param>
    /// <param name="settings">The policy.</param>
    /// <param name="problems">Each problem's candidates in index order.</param>
    /// <param name="curated">Count only verified candidates without a false step (the default curation) as verified.</param>
    /// <param name="guard">Replay <c>--stop-on-false-step</c>: a candidate generates only its tokens up to the step guard's stop.</param>
    public static PolicyFigures Replay(string name, HarvestSettings settings, IReadOnlyList<IReadOnlyList<HarvestCandidate>> problems, bool curated = false, bool guard = false)
    {
        int covered = 0, exhausted = 0, saturated = 0;
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

                var drawn = pool.Skip(harvest.Drawn).Take(round).ToList();
                var stopAt = int.MaxValue;
                var kept = settings.Policy == HarvestPolicyKind.Adaptive ? EarlyStop(harvest, drawn, verified, curated, guard, out stopAt) : drawn;
                foreach (var candidate in drawn)
                {
                    // A row an early stop abandoned generated as many tokens as the step it stopped at.
                    tokens += Math.Min(candidate.Length(guard), stopAt);
                }

                foreach (var candidate in kept.OrderBy(c => c.Index))
                {
                    if (candidate.Counts(curated) && !(guard && candidate.GuardStop is not null))
                    {
                        verified.Add(candidate.Signature!);
                    }
                }

                harvest.Record(round, verified.Count, DistinctChains.Count(verified), PathSample.Of(verified));
            }

            candidates += harvest.Drawn;
            covered += verified.Count > 0 ? 1 : 0;
            exhausted += harvest.Exhausted ? 1 : 0;
            saturated += harvest.Saturated ? 1 : 0;
            distinct += DistinctChains.Count(verified);
        }

        return new PolicyFigures(name, problems.Count, covered, exhausted, candidates, tokens, distinct, saturated);
    }

    /// <summary>
    /// The engine's early stop inside an adaptive round (static waves: the round's rows start together, so a row
    /// finishes at the step of its own length): rows are heard as they finish, shortest first and in index order
    /// within a step, and once the policy would stop the problem (<see cref="IProblemHarvest.StopsInRound"/>: the
    /// verified ones, joined to the earlier rounds', reach the target, or the saturation stop), the rows still
    /// decoding leave. Returns the candidates that finished; <paramref name="stopAt"/> is the step it stopped at
    /// (int.MaxValue when the round ran whole).
    /// </summary>
    private static List<HarvestCandidate> EarlyStop(
        IProblemHarvest harvest, List<HarvestCandidate> round, List<ChainSignature> earlier, bool curated, bool guard, out int stopAt)
    {
        var heard = new List<ChainSignature>(earlier);
        var finished = 0;
        foreach (var candidate in round.OrderBy(c => c.Length(guard)).ThenBy(c => c.Index))
        {
            finished++;
            if (candidate.Counts(curated) && !(guard && candidate.GuardStop is not null))
            {
                heard.Add(candidate.Signature!);
            }

            if (harvest.StopsInRound(round.Count, finished, DistinctChains.Count(heard), () => PathSample.Of(heard)))
            {
                var step = candidate.Length(guard);
                stopAt = step;
                return [.. round.Where(c => c.Length(guard) <= step)];
            }
        }

        stopAt = int.MaxValue;
        return round;
    }
}
