namespace DataFactory.Core.Harvest;

/// <summary>
/// The saturation stop of the adaptive policy (<c>run --saturation</c>): a problem short of its K distinct paths
/// also stops once its verified candidates have stopped finding new ones. It must have at least K verified chains
/// whose steps hold (as many as the target: the sample is not too small to judge), and the Good–Turing estimate of
/// the new paths its next round would find (<see cref="PathSample.ExpectedNewPaths"/>) must be below one. A model
/// that keeps writing one path for a problem (seven of eight candidates verified, all one path) stops after that
/// round instead of spending the budget on copies of it. Only a problem with a verified trace can saturate, so
/// the problems covered are those the plain policy covers; the distinct paths found can be fewer. It is checked at
/// the end of each round on the next round, and inside a round as each candidate finishes on the rest of the round
/// and the next one together (<see cref="IProblemHarvest.StopsInRound"/>): the round's slowest rows need not finish
/// for a problem whose prospects are already known.
/// </summary>
public static class Saturation
{
    /// <summary>Expected new paths from the next round below which a problem is saturated.</summary>
    public const double MinExpectedNewPaths = 1.0;

    /// <summary>Whether a problem short of <paramref name="target"/> distinct paths is saturated before a round of <paramref name="nextRound"/> candidates.</summary>
    /// <param name="target">K, the distinct paths the policy is after.</param>
    /// <param name="distinct">Distinct paths so far.</param>
    /// <param name="sample">The problem's verified chains so far.</param>
    /// <param name="drawn">Candidates drawn so far.</param>
    /// <param name="nextRound">Candidates the next round would draw.</param>
    public static bool Reached(int target, int distinct, PathSample sample, int drawn, int nextRound) =>
        distinct < target && nextRound > 0 && sample.Chains >= target
        && sample.ExpectedNewPaths(drawn, nextRound) < MinExpectedNewPaths;
}
