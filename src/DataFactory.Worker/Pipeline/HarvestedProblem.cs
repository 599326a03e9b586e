using DataFactory.Core.Consensus;
using DataFactory.Core.Curation;
using DataFactory.Core.Diversity;
using DataFactory.Core.Harvest;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Inference.Generation;
using DataFactory.Core.Verification;
using DataFactory.Storage.Schema;
using DataFactory.Storage.Writing;

namespace DataFactory.Worker.Pipeline;

/// <summary>
/// One problem of a batch while its rounds run: its policy's state machine, and the verified candidates and
/// totals of every round so far.
/// </summary>
internal sealed class HarvestedProblem(ProblemEntity entity, IProblemHarvest policy, ConsensusVote? vote = null)
{
    public ProblemEntity Entity => entity;

    public Problem Problem { get; } = entity.ToProblem();

    public string Kind { get; } = entity.Kind.ToName();

    public IProblemHarvest Policy => policy;

    /// <summary>The vote of a problem without a gold answer in a consensus run; null when the problem is verified against its gold.</summary>
    public ConsensusVote? Vote => vote;

    /// <summary>Every candidate of every round (kept for a vote only: its agreeing candidates change as rounds add votes).</summary>
    public List<GeneratedCandidate> Drawn { get; } = [];

    /// <summary>The majority answer after the last round (a vote only), or null.</summary>
    public PseudoLabel? Label { get; set; }

    /// <summary>Step checks and signatures already computed, by candidate index (a vote only: recomputed groups reuse them).</summary>
    public Dictionary<int, StepCheck?> StepChecks { get; } = [];

    /// <summary>Correct candidates of every round, with their verdicts, in candidate order.</summary>
    public List<(CandidateForCuration Candidate, Verdict Verdict)> Accepted { get; } = [];

    /// <summary>The MinHash signature of every correct candidate, by candidate index.</summary>
    public Dictionary<int, ChainSignature> Signatures { get; } = [];

    /// <summary>The candidates the verifier judged wrong, of every round (kept only when the run keeps rejected candidates).</summary>
    public List<RejectedCandidate> Rejected { get; } = [];

    /// <summary>Every candidate's text and whether it verified, of every round (kept only for label runs).</summary>
    public List<(string Text, bool Verified)> AllCandidates { get; } = [];

    /// <summary>The candidates labelled step by step (label runs).</summary>
    public List<LabelledCandidate> Labelled { get; } = [];

    public int Candidates { get; set; }

    /// <summary>Candidates the step guard ended at their first false step (<c>run --stop-on-false-step</c>), of every round.</summary>
    public int Stopped { get; set; }

    public long Tokens { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Curates the verified candidates so far (deterministic: the same candidates give the same traces).</summary>
    public CurationResult Curate(TraceCurator curator) => curator.Curate(Accepted.Select(a => a.Candidate), Kind);

    /// <summary>Distinct paths among the curated traces that count (not flawed): near-duplicates count once toward the target.</summary>
    public int DistinctPaths(CurationResult curated) =>
        DistinctChains.Count(curated.Kept.Where(t => !t.IsFlawed).Select(t => Signatures[t.CandidateIndex]));

    /// <summary>
    /// The verified candidates whose steps hold, exact duplicates included, as the saturation stop samples them
    /// (<see cref="Core.Harvest.Saturation"/>).
    /// </summary>
    public PathSample PathSample() => PathSampleWith([]);

    /// <summary>
    /// <see cref="PathSample"/> were the verified candidates of the round in progress (<paramref name="round"/>, in the
    /// order they finished) joined to those of the earlier rounds.
    /// </summary>
    public PathSample PathSampleWith(IReadOnlyList<(CandidateForCuration Candidate, ChainSignature Signature)> round) =>
        Core.Harvest.PathSample.Of(
            Accepted.Where(a => a.Candidate.Steps?.IsFlawed != true).Select(a => Signatures[a.Candidate.CandidateIndex])
                .Concat(round.Where(r => r.Candidate.Steps?.IsFlawed != true).Select(r => r.Signature)));

    /// <summary>
    /// Distinct paths, counted as <see cref="DistinctPaths"/> counts them, were the verified candidates of the round in
    /// progress (<paramref name="round"/>) joined to those of the earlier rounds.
    /// </summary>
    public int DistinctPathsWith(TraceCurator curator, IReadOnlyList<(CandidateForCuration Candidate, ChainSignature Signature)> round)
    {
        var curated = curator.Curate(Accepted.Select(a => a.Candidate).Concat(round.Select(r => r.Candidate)), Kind);
        var signatures = round.ToDictionary(r => r.Candidate.CandidateIndex, r => r.Signature);
        return DistinctChains.Count(curated.Kept.Where(t => !t.IsFlawed).Select(t => Signatures.TryGetValue(t.CandidateIndex, out var s) ? s : signatures[t.CandidateIndex]));
    }
}
