using System.Globalization;
using DataFactory.Core.Steps.Labelling;

namespace DataFactory.Core.Harvest;

/// <summary>A run's harvest policy and its settings, stored with the run.</summary>
public sealed record HarvestSettings
{
    /// <summary>The default first round of the adaptive policy.</summary>
    public const int DefaultFirstRound = 8;

    /// <summary>The budget of the adaptive policy when only a target is given.</summary>
    public const int DefaultBudget = 64;

    /// <summary>The policy.</summary>
    public HarvestPolicyKind Policy { get; init; } = HarvestPolicyKind.Flat;

    /// <summary>Candidates per problem of the flat policy.</summary>
    public int Samples { get; init; } = 16;

    /// <summary>Distinct verified traces (near-duplicates counted once) at which a problem stops (adaptive).</summary>
    public int TargetVerified { get; init; } = 1;

    /// <summary>Most candidates per problem (adaptive).</summary>
    public int Budget { get; init; } = DefaultBudget;

    /// <summary>Candidates in the first round; each later round doubles the one before (adaptive).</summary>
    public int FirstRound { get; init; } = DefaultFirstRound;

    /// <summary>Rollouts per step prefix (label policy).</summary>
    public int Rollouts { get; init; } = DefaultRollouts;

    /// <summary>Which prefixes get rollouts (label policy): bisection for the first error, or every prefix.</summary>
    public LabelSearch LabelSearch { get; init; } = LabelSearch.Bisect;

    /// <summary>The default rollouts per prefix of the label policy.</summary>
    public const int DefaultRollouts = 8;

    /// <summary>Flat best-of-n.</summary>
    public static HarvestSettings Flat(int samples) => new() { Policy = HarvestPolicyKind.Flat, Samples = samples };

    /// <summary>Adaptive: stop at <paramref name="targetVerified"/> distinct verified traces, at most <paramref name="budget"/> candidates.</summary>
    public static HarvestSettings Adaptive(int targetVerified, int budget, int firstRound = DefaultFirstRound) =>
        new() { Policy = HarvestPolicyKind.Adaptive, TargetVerified = targetVerified, Budget = budget, FirstRound = firstRound };

    /// <summary>Label: <paramref name="samples"/> candidates per problem, each labelled step by step with <paramref name="rollouts"/> rollouts per prefix.</summary>
    public static HarvestSettings Label(int samples, int rollouts, LabelSearch search = LabelSearch.Bisect) =>
        new() { Policy = HarvestPolicyKind.Label, Samples = samples, Rollouts = rollouts, LabelSearch = search };

    /// <summary>The most candidates one problem can get under these settings (rollouts are not candidates).</summary>
    public int MaxCandidates => Policy == HarvestPolicyKind.Adaptive ? Budget : Samples;

    /// <summary>The policy's name as stored and shown: <c>best-of-n</c>, <c>adaptive</c> or <c>label</c>.</summary>
    public string Name => Policy switch
    {
        HarvestPolicyKind.Adaptive => AdaptiveName,
        HarvestPolicyKind.Label => LabelName,
        _ => FlatName,
    };

    /// <summary>The stored name of the label policy.</summary>
    public const string LabelName = "label";

    /// <summary>The stored name of the flat policy.</summary>
    public const string FlatName = "best-of-n";

    /// <summary>The stored name of the adaptive policy.</summary>
    public const string AdaptiveName = "adaptive";

    /// <summary>The policy and its settings in one line, for <c>status</c>.</summary>
    public string Describe() => Policy switch
    {
        HarvestPolicyKind.Adaptive => string.Create(CultureInfo.InvariantCulture, $"{AdaptiveName} K={TargetVerified} B={Budget} rounds {FirstRound}, doubling"),
        HarvestPolicyKind.Label => string.Create(CultureInfo.InvariantCulture, $"{LabelName} n={Samples} m={Rollouts} {StepLabelNames.Of(LabelSearch)}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{FlatName} n={Samples}"),
    };

    /// <summary>Null when the settings are usable; else what is wrong, naming the flag.</summary>
    public string? Validate() => Policy switch
    {
        HarvestPolicyKind.Flat or HarvestPolicyKind.Label when Samples < 1 => "--samples must be at least 1",
        HarvestPolicyKind.Label when Rollouts < 1 => "--rollouts must be at least 1",
        HarvestPolicyKind.Adaptive when TargetVerified < 1 => "--target-verified must be at least 1",
        HarvestPolicyKind.Adaptive when Budget < 1 => "--budget must be at least 1",
        HarvestPolicyKind.Adaptive when FirstRound < 1 => "the first round must be at least 1 candidate",
        _ => null,
    };

    /// <summary>
    /// The candidate totals at which a problem can stop: n under flat best-of-n; under adaptive the end of each
    /// round (8, 24, 56, ... cut to the budget).
    /// </summary>
    public IReadOnlyList<int> RoundEnds()
    {
        if (Policy != HarvestPolicyKind.Adaptive)
        {
            return [Samples];
        }

        var ends = new List<int>();
        long drawn = 0, round = FirstRound;
        while (drawn < Budget)
        {
            drawn += Math.Min(round, Budget - drawn);
            ends.Add((int)drawn);
            round *= 2;
        }

        return ends;
    }

    /// <summary>The state machine that decides one problem's rounds.</summary>
    public IProblemHarvest Start() => Policy switch
    {
        HarvestPolicyKind.Flat or HarvestPolicyKind.Label => new FlatHarvest(Samples),
        HarvestPolicyKind.Adaptive => new AdaptiveHarvest(TargetVerified, Budget, FirstRound),
        _ => throw new InvalidOperationException($"Unknown harvest policy {Policy}."),
    };
}
