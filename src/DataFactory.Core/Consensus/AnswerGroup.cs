namespace DataFactory.Core.Consensus;

/// <summary>Candidates whose final answers the verifier judges equivalent.</summary>
/// <param name="Answer">The answer of the group's first candidate, as its verifier extracted it: the group's label.</param>
/// <param name="Members">The candidate indices in the group, in candidate order.</param>
public sealed record AnswerGroup(string Answer, IReadOnlyList<int> Members)
{
    /// <summary>The group's votes.</summary>
    public int Votes => Members.Count;
}
