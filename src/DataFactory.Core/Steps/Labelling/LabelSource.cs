namespace DataFactory.Core.Steps.Labelling;

/// <summary>Where a step's label comes from.</summary>
public enum LabelSource
{
    /// <summary>Rollouts continued the step's prefix; the label is their share of verified answers.</summary>
    Rollouts,

    /// <summary>The last step: the prefix is the whole candidate, so its label is the candidate's own verdict.</summary>
    Verdict,

    /// <summary>Not rolled out: inferred from the prefixes around it under the monotone assumption (bisection).</summary>
    Inferred,
}
