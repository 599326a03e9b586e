namespace DataFactory.Core.Steps.Labelling;

/// <summary>The label of one step: the estimated value of the prefix that ends with it.</summary>
/// <param name="Index">The step's 0-based index.</param>
/// <param name="Soft">Share of rollouts whose answer verifies (1 or 0 for a label from the verdict or inferred).</param>
/// <param name="Hard">At least one rollout verifies (or the verdict, or the inferred value).</param>
/// <param name="Rollouts">Rollouts spent on this prefix (0 unless <see cref="Source"/> is <see cref="LabelSource.Rollouts"/>).</param>
/// <param name="Successes">Rollouts whose answer verifies.</param>
/// <param name="Source">Where the label comes from.</param>
/// <param name="FirstError">This step is the first error: its label is false and the one before (or, for step 0, the problem's) true.</param>
public sealed record StepLabel(int Index, double Soft, bool Hard, int Rollouts, int Successes, LabelSource Source, bool FirstError);
