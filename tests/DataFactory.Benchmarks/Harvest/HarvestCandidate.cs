using DataFactory.Core.Diversity;

namespace DataFactory.Benchmarks.Harvest;

/// <summary>
/// One generated candidate as the benchmark keeps it: its tokens, whether its final answer verified, whether it is
/// flawed (verified, with a false checkable step), its signature when it verified, and the tokens it would have
/// generated under <c>run --stop-on-false-step</c> (null when the step guard never stops it).
/// </summary>
internal sealed record HarvestCandidate(int Index, int Tokens, bool Verified, ChainSignature? Signature, bool Flawed = false, int? GuardStop = null)
{
    /// <summary>
    /// Whether it counts as a verified trace: any verified candidate, or with <paramref name="curated"/> only one
    /// without a false step (the default curation, which does not store flawed traces).
    /// </summary>
    public bool Counts(bool curated) => Verified && !(curated && Flawed);

    /// <summary>The tokens it generates: all of them, or with <paramref name="guard"/> those up to the step guard's stop.</summary>
    public int Length(bool guard) => guard && GuardStop is { } stop ? Math.Min(stop, Tokens) : Tokens;

    /// <summary>True when the step guard would stop a candidate that, whole, is a curated trace (the guard would lose it).</summary>
    public bool LostToGuard => GuardStop is not null && Verified && !Flawed;
}
