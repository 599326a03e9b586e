using DataFactory.Core.Steps.Labelling;

namespace DataFactory.Storage.Writing;

/// <summary>A candidate of a label run with the label of each of its steps.</summary>
/// <param name="Steps">The candidate's steps; joined, they are its text.</param>
/// <param name="Verified">Whether the candidate's own final answer verified.</param>
/// <param name="Labels">One label per step, in step order.</param>
/// <param name="Search">The search that chose the prefixes rolled out.</param>
public sealed record LabelledCandidate(IReadOnlyList<string> Steps, bool Verified, IReadOnlyList<StepLabel> Labels, LabelSearch Search)
{
    /// <summary>Rollouts spent on the candidate.</summary>
    public int Rollouts => Labels.Sum(l => l.Rollouts);
}
