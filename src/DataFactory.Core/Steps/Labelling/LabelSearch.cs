namespace DataFactory.Core.Steps.Labelling;

/// <summary>How the prefixes of a candidate are chosen for rollouts (see <see cref="FirstErrorSearch"/>).</summary>
public enum LabelSearch
{
    /// <summary>
    /// The default: a binary search for the first error whose bracket is found from the start (prefixes 0, 2, 6, 14, ...)
    /// and whose probes stop drawing rollouts at the first chunk with a verified one. Values are assumed monotone (once
    /// a prefix cannot reach a verified answer, no longer one can), so only visited prefixes get rollouts and the
    /// others are inferred.
    /// </summary>
    Bisect,

    /// <summary>Every prefix gets all its rollouts (Math-Shepherd); nothing is inferred.</summary>
    Exhaustive,

    /// <summary>OmegaPRM's plain binary search: all rollouts of the middle prefix of the open interval each time.</summary>
    Midpoint,
}
