using DataFactory.Core.Verification;
using DataFactory.Storage.Schema;

namespace DataFactory.Storage.Writing;

/// <summary>What a batch must satisfy before anything is written, and the derived pass rate.</summary>
internal static class OutcomeRules
{
    public static double? PassRate(ProblemOutcome outcome) =>
        outcome.Candidates > 0 ? (double)outcome.Correct / outcome.Candidates : null;

    public static void Validate(IReadOnlyList<ProblemOutcome> outcomes)
    {
        var seen = new HashSet<long>();
        foreach (var outcome in outcomes)
        {
            ArgumentNullException.ThrowIfNull(outcome);
            if (!seen.Add(outcome.ProblemId))
            {
                throw new ArgumentException($"Problem {outcome.ProblemId} appears twice in one batch.", nameof(outcomes));
            }

            if (outcome.Candidates < 0 || outcome.Correct < 0 || outcome.Tokens < 0 || outcome.Correct > outcome.Candidates
                || outcome.Flawed < 0 || outcome.Flawed > outcome.Correct)
            {
                throw new ArgumentException(
                    $"Problem {outcome.ProblemId}: counts must satisfy 0 <= flawed <= correct <= candidates and tokens >= 0.", nameof(outcomes));
            }

            if (outcome.Exhausted && (outcome.Status != AttemptStatus.Done || outcome.Correct > 0))
            {
                throw new ArgumentException($"Problem {outcome.ProblemId}: only a done attempt with no correct candidate is exhausted.", nameof(outcomes));
            }

            if (outcome.Saturated && (outcome.Status != AttemptStatus.Done || outcome.Correct == 0))
            {
                throw new ArgumentException($"Problem {outcome.ProblemId}: only a done attempt with a correct candidate is saturated.", nameof(outcomes));
            }

            if (outcome.Stopped < 0 || outcome.Stopped > outcome.Candidates)
            {
                throw new ArgumentException(
                    $"Problem {outcome.ProblemId}: {outcome.Stopped} candidates stopped at a false step, out of {outcome.Candidates}.", nameof(outcomes));
            }

            if (outcome.Status == AttemptStatus.Failed && outcome.Traces.Count > 0)
            {
                throw new ArgumentException($"Problem {outcome.ProblemId}: a failed attempt carries no traces.", nameof(outcomes));
            }

            if (outcome.Traces.Count > outcome.Correct)
            {
                throw new ArgumentException(
                    $"Problem {outcome.ProblemId}: {outcome.Traces.Count} traces but only {outcome.Correct} correct candidates.", nameof(outcomes));
            }

            if (outcome.Rejected.Count > outcome.Candidates - outcome.Correct)
            {
                throw new ArgumentException(
                    $"Problem {outcome.ProblemId}: {outcome.Rejected.Count} rejected candidates but only {outcome.Candidates - outcome.Correct} were not correct.", nameof(outcomes));
            }

            foreach (var rejected in outcome.Rejected)
            {
                ArgumentNullException.ThrowIfNull(rejected);
                if (rejected.Verdict.Status == VerdictStatus.Correct)
                {
                    throw new ArgumentException(
                        $"Problem {outcome.ProblemId}: a rejected candidate carries a correct verdict.", nameof(outcomes));
                }
            }

            if (outcome.PseudoLabel is not null && (outcome.Status != AttemptStatus.Done || outcome.VoteShare is null || outcome.Votes is null))
            {
                throw new ArgumentException($"Problem {outcome.ProblemId}: a pseudo-label belongs to a done attempt with its vote share and votes.", nameof(outcomes));
            }

            foreach (var trace in outcome.Traces)
            {
                ArgumentNullException.ThrowIfNull(trace);
                if (trace.Consensus && outcome.PseudoLabel is null)
                {
                    throw new ArgumentException($"Problem {outcome.ProblemId}: a consensus-labelled trace needs its problem's pseudo-label.", nameof(outcomes));
                }

                if (trace.Verdict.Status != VerdictStatus.Correct)
                {
                    throw new ArgumentException(
                        $"Problem {outcome.ProblemId}: only verified traces are stored, got a {trace.Verdict.Status} verdict.", nameof(outcomes));
                }
            }
        }
    }
}
