using DataFactory.Core.Curation;
using DataFactory.Core.Diversity;
using DataFactory.Core.Harvest;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Pipeline.EarlyStop;

/// <summary>
/// Early stop inside an adaptive round: verifies each candidate as the engine finishes it and asks the problem's
/// policy whether it would stop now (<see cref="IProblemHarvest.StopsInRound"/>): once the problem's distinct verified
/// traces (the round's so far joined to the earlier rounds', curated and counted as the policy counts them) reach the
/// target or, with the saturation stop, once the rest of the round and the next are expected to find no new path, the
/// round's rows still decoding leave the batch. The round's result is then verified again by the pipeline as usual
/// (verification is pure: the same verdicts), and the policy hears the same totals it would have stopped on.
/// </summary>
internal sealed class VerifiedEnough(
    HarvestedProblem problem, int round, VerifierRegistry verifiers, StepCheckerRegistry stepCheckers, TraceCurator curator) : IEarlyStop
{
    private readonly List<(CandidateForCuration Candidate, ChainSignature Signature)> _round = [];
    private int _heard;
    private int? _distinct;
    private PathSample? _sample;

    /// <summary>
    /// The early stop for a round of <paramref name="count"/> candidates of a problem of an adaptive run, or null where
    /// the round must run whole: a flat, label or search run, a problem voted on by consensus (no gold to verify against
    /// as candidates finish), and code (its verdicts wait on the sandbox, which the decoding thread must not).
    /// </summary>
    public static VerifiedEnough? For(
        HarvestedProblem problem, int count, HarvestSettings harvest, VerifierRegistry verifiers, StepCheckerRegistry stepCheckers, TraceCurator curator) =>
        harvest.Policy == HarvestPolicyKind.Adaptive && problem.Vote is null && problem.Problem.Kind != TaskKind.Code
            ? new VerifiedEnough(problem, count, verifiers, stepCheckers, curator)
            : null;

    /// <inheritdoc />
    public bool Enough(GeneratedCandidate finished)
    {
        _heard++;
        var verdict = verifiers.Verify(problem.Problem, finished.Text);
        if (verdict.IsCorrect)
        {
            var steps = stepCheckers.Check(problem.Problem, finished.Text);
            _round.Add((new CandidateForCuration(finished.Index, finished.Text, verdict.Extracted ?? string.Empty, finished.TokenCount, steps), ChainSignature.Of(finished.Text)));
            _distinct = null;
            _sample = null;
        }

        // A wrong candidate changes neither count nor sample (both kept until a verified one comes), but it is one
        // more draw: the saturation estimate falls with it.
        _distinct ??= problem.DistinctPathsWith(curator, _round);
        return problem.Policy.StopsInRound(round, _heard, _distinct.Value, () => _sample ??= problem.PathSampleWith(_round));
    }
}
