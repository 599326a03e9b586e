using System.Globalization;
using DataFactory.Core.Consensus;

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

    /// <summary>
    /// Consensus: problems without a gold answer (math, exact, multiple choice) are labelled by their majority
    /// answer under these thresholds and their agreeing traces stored marked; null when the run does not vote.
    /// Problems with a gold answer are verified against it as in any run.
    /// </summary>
    public ConsensusSettings? Consensus { get; init; }

    /// <summary>
    /// At most this many traces stored per problem by the run, each a distinct path (a near-duplicate of a trace
    /// already kept is not stored); null: every exactly-distinct verified trace is stored.
    /// </summary>
    public int? MaxPerProblem { get; init; }

    /// <summary>Flat best-of-n.</summary>
    public static HarvestSettings Flat(int samples) => new() { Policy = HarvestPolicyKind.Flat, Samples = samples };

    /// <summary>Adaptive: stop at <paramref name="targetVerified"/> distinct verified traces, at most <paramref name="budget"/> candidates.</summary>
    public static HarvestSettings Adaptive(int targetVerified, int budget, int firstRound = DefaultFirstRound) =>
        new() { Policy = HarvestPolicyKind.Adaptive, TargetVerified = targetVerified, Budget = budget, FirstRound = firstRound };

    /// <summary>The most candidates one problem can get under these settings.</summary>
    public int MaxCandidates => Policy == HarvestPolicyKind.Flat ? Samples : Budget;

    /// <summary>The policy's name as stored and shown: <c>best-of-n</c> or <c>adaptive</c>.</summary>
    public string Name => Policy == HarvestPolicyKind.Flat ? FlatName : AdaptiveName;

    /// <summary>The stored name of the flat policy.</summary>
    public const string FlatName = "best-of-n";

    /// <summary>The stored name of the adaptive policy.</summary>
    public const string AdaptiveName = "adaptive";

    /// <summary>The policy and its settings in one line, for <c>status</c>.</summary>
    public string Describe()
    {
        var policy = Policy == HarvestPolicyKind.Flat
            ? string.Create(CultureInfo.InvariantCulture, $"{FlatName} n={Samples}")
            : string.Create(CultureInfo.InvariantCulture, $"{AdaptiveName} K={TargetVerified} B={Budget} rounds {FirstRound}, doubling");
        var consensus = Consensus is null ? "" : ", " + Consensus.Describe();
        var quota = MaxPerProblem is { } q ? string.Create(CultureInfo.InvariantCulture, $", at most {q} distinct traces per problem") : "";
        return policy + consensus + quota;
    }

    /// <summary>Null when the settings are usable; else what is wrong, naming the flag.</summary>
    public string? Validate() => Policy switch
    {
        HarvestPolicyKind.Flat when Samples < 1 => "--samples must be at least 1",
        HarvestPolicyKind.Adaptive when TargetVerified < 1 => "--target-verified must be at least 1",
        HarvestPolicyKind.Adaptive when Budget < 1 => "--budget must be at least 1",
        HarvestPolicyKind.Adaptive when FirstRound < 1 => "the first round must be at least 1 candidate",
        _ when MaxPerProblem is < 1 => "--max-per-problem must be at least 1",
        _ => Consensus?.Validate(),
    };

    /// <summary>
    /// The candidate totals at which a problem can stop: n under flat best-of-n; under adaptive the end of each
    /// round (8, 24, 56, ... cut to the budget).
    /// </summary>
    public IReadOnlyList<int> RoundEnds()
    {
        if (Policy == HarvestPolicyKind.Flat)
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
        HarvestPolicyKind.Flat => new FlatHarvest(Samples),
        HarvestPolicyKind.Adaptive => new AdaptiveHarvest(TargetVerified, Budget, FirstRound),
        _ => throw new InvalidOperationException($"Unknown harvest policy {Policy}."),
    };
}
