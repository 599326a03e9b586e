namespace DataFactory.Core.Steps.Labelling;

/// <summary>How the prefixes of a candidate are chosen for rollouts.</summary>
public enum LabelSearch
{
    /// <summary>
    /// OmegaPRM's binary search for the first error: values are assumed monotone (once a prefix cannot reach a
    /// verified answer, no longer one can), so only the prefixes the search visits get rollouts and the others are
    /// inferred.
    /// </summary>
    Bisect,

    /// <summary>Every prefix gets rollouts (Math-Shepherd); nothing is inferred.</summary>
    Exhaustive,
}
