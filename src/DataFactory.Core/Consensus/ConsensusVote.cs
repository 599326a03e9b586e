using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Core.Consensus;

/// <summary>
/// The vote of one problem without a gold answer: its candidates' final answers grouped by the verifier's own
/// equivalence, not by their text (for math <c>1/2</c>, <c>0.5</c> and <c>\frac{1}{2}</c> are one answer; for
/// multiple choice <c>B</c>, <c>(B)</c> and the text of option B). A candidate joins the first group whose answer
/// its verifier accepts as a gold answer for it; otherwise its own answer, if the verifier can read it as a gold
/// answer and accepts the candidate against it, starts a new group; otherwise it abstains (no answer found, or
/// one the verifier cannot compare). Greedy in candidate order, so rounds added one after the other give the
/// groups a single pass over all the candidates would.
/// </summary>
public sealed class ConsensusVote
{
    private readonly IVerifier _verifier;
    private readonly Problem _problem;
    private readonly List<(Problem Labelled, string Answer, List<int> Members)> _groups = [];

    /// <summary>A vote over the candidates of <paramref name="problem"/>, judged by <paramref name="verifier"/>.</summary>
    /// <exception cref="ArgumentException">The verifier is for another kind, or the kind is not one consensus labels.</exception>
    public ConsensusVote(IVerifier verifier, Problem problem)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(problem);
        if (verifier.Kind != problem.Kind)
        {
            throw new ArgumentException($"A {verifier.Kind.ToName()} verifier cannot vote on a {problem.Kind.ToName()} problem.", nameof(verifier));
        }

        if (!Supports(problem.Kind))
        {
            throw new ArgumentException($"Consensus labels {Kinds} problems, not {problem.Kind.ToName()}.", nameof(problem));
        }

        _verifier = verifier;
        _problem = problem with { Answer = null };
    }

    /// <summary>The kinds whose final answers can be voted on, by name.</summary>
    public const string Kinds = "math, exact and multiple-choice";

    /// <summary>Candidates counted so far, abstentions included.</summary>
    public int Candidates { get; private set; }

    /// <summary>
    /// True for the kinds whose final answers can be voted on: math, exact and multiple choice. Puzzles and code
    /// are checked without a gold answer already; a cipher's plaintext is its gold.
    /// </summary>
    public static bool Supports(TaskKind kind) => kind is TaskKind.Math or TaskKind.Exact or TaskKind.MultipleChoice;

    /// <summary>True when the problem is labelled by a vote in a consensus run: it has no gold answer, and its kind <see cref="Supports"/> one.</summary>
    public static bool Applies(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return string.IsNullOrWhiteSpace(problem.Answer) && Supports(problem.Kind);
    }

    /// <summary>
    /// Counts a candidate that does not vote (its answer rests on a false checkable step, say): it joins no group
    /// but counts toward the share's denominator.
    /// </summary>
    public void Abstain() => Candidates++;

    /// <summary>Counts one candidate; returns the index of the group it joined or started, or -1 when it abstains.</summary>
    public int Add(int candidateIndex, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Candidates++;
        for (var g = 0; g < _groups.Count; g++)
        {
            if (_verifier.Verify(_groups[g].Labelled, text).IsCorrect)
            {
                _groups[g].Members.Add(candidateIndex);
                return g;
            }
        }

        var extracted = AnswerExtractor.Extract(text, _problem.Kind);
        if (extracted is null)
        {
            return -1;
        }

        var labelled = _problem with { Answer = extracted };
        if (_verifier.CheckProblem(labelled) is not null)
        {
            return -1;
        }

        var verdict = _verifier.Verify(labelled, text);
        if (!verdict.IsCorrect)
        {
            return -1;
        }

        _groups.Add((labelled, string.IsNullOrWhiteSpace(verdict.Extracted) ? extracted : verdict.Extracted, [candidateIndex]));
        return _groups.Count - 1;
    }

    /// <summary>The groups, most votes first (ties in the order they started).</summary>
    public IReadOnlyList<AnswerGroup> Groups =>
        [.. _groups.Select(g => new AnswerGroup(g.Answer, [.. g.Members])).OrderByDescending(g => g.Votes)];

    /// <summary>
    /// The majority answer, or null when no candidate gave one. It labels the problem (<see cref="PseudoLabel.Reached"/>)
    /// when it has at least <see cref="ConsensusSettings.MinVotes"/> votes, at least <see cref="ConsensusSettings.MinShare"/>
    /// of the candidates, and more votes than any other answer: a tie labels nothing.
    /// </summary>
    public PseudoLabel? Majority(ConsensusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var groups = Groups;
        if (groups.Count == 0)
        {
            return null;
        }

        var top = groups[0];
        var tied = groups.Count > 1 && groups[1].Votes == top.Votes;
        var share = (double)top.Votes / Candidates;
        return new PseudoLabel(top, Candidates, !tied && top.Votes >= settings.MinVotes && share >= settings.MinShare);
    }

    /// <summary>The problem with <paramref name="label"/> as its gold answer: what the agreeing candidates are verified against.</summary>
    public Problem Labelled(PseudoLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return _groups.First(g => g.Members[0] == label.Group.Members[0]).Labelled;
    }
}
