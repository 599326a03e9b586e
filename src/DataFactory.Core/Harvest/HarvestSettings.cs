using System.Globalization;
using DataFactory.Core.Consensus;
using DataFactory.Core.Harvest.Search;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Labelling;

namespace DataFactory.Core.Harvest;

/// <summary>A run's harvest policy and its settings, stored with the run.</summary>
public sealed record HarvestSettings
{
    /// <summary>The default first round of the adaptive policy.</summary>
    public const int DefaultFirstRound = 8;

    /// <summary>The budget of the adaptive policy when only a target is given.</summary>
    public const int DefaultBudget = 64;

    /// <summary>The default beam width of the search policy.</summary>
    public const int DefaultBeam = 4;

    /// <summary>The default next steps drawn per partial trace (search).</summary>
    public const int DefaultExpand = 4;

    /// <summary>The default budget of the search policy, in generated tokens per problem.</summary>
    public const int DefaultSearchBudget = 4096;

    /// <summary>Rollouts per partial trace that search spends where the problem's kind has no step checker and none were asked for.</summary>
    public const int DefaultSearchRollouts = 4;

    /// <summary>The policy.</summary>
    public HarvestPolicyKind Policy { get; init; } = HarvestPolicyKind.Flat;

    /// <summary>Candidates per problem of the flat policy.</summary>
    public int Samples { get; init; } = 16;

    /// <summary>Distinct verified traces (near-duplicates counted once) at which a problem stops (adaptive); verified candidates (search).</summary>
    public int TargetVerified { get; init; } = 1;

    /// <summary>Most candidates per problem (adaptive); most generated tokens per problem (search).</summary>
    public int Budget { get; init; } = DefaultBudget;

    /// <summary>Candidates in the first round; each later round doubles the one before (adaptive).</summary>
    public int FirstRound { get; init; } = DefaultFirstRound;

    /// <summary>
    /// Adaptive: a problem short of <see cref="TargetVerified"/> distinct paths also stops once its verified candidates
    /// have stopped finding new ones (<see cref="Harvest.Saturation"/>).
    /// </summary>
    public bool Saturation { get; init; }

    /// <summary>
    /// Flat and adaptive: a candidate ends as soon as a complete line of it makes a claim the problem's step checker
    /// judges false (<see cref="Steps.Partial.PartialStepCheck"/>). Such a candidate could only become a flawed or a
    /// rejected one, neither stored by default, so the tokens it would still have drawn are saved. The run must keep
    /// neither flawed nor rejected candidates, whose text it would cut short; kinds without a step checker (code) are
    /// generated whole.
    /// </summary>
    public bool StopOnFalseStep { get; init; }

    /// <summary>
    /// Rollouts per step prefix (label policy), or per surviving partial trace to score it (search; 0: the step
    /// checker alone).
    /// </summary>
    public int Rollouts { get; init; } = DefaultRollouts;

    /// <summary>Which prefixes get rollouts (label policy): bisection for the first error, or every prefix.</summary>
    public LabelSearch LabelSearch { get; init; } = LabelSearch.Bisect;

    /// <summary>The default rollouts per prefix of the label policy.</summary>
    public const int DefaultRollouts = 8;

    /// <summary>Partial traces kept between expansions, <c>w</c> (search).</summary>
    public int Beam { get; init; } = DefaultBeam;

    /// <summary>Next steps drawn from each partial trace of the beam, <c>b</c> (search).</summary>
    public int Expand { get; init; } = DefaultExpand;

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
    public static HarvestSettings Adaptive(int targetVerified, int budget, int firstRound = DefaultFirstRound, bool saturation = false) =>
        new() { Policy = HarvestPolicyKind.Adaptive, TargetVerified = targetVerified, Budget = budget, FirstRound = firstRound, Saturation = saturation };

    /// <summary>Label: <paramref name="samples"/> candidates per problem, each labelled step by step with <paramref name="rollouts"/> rollouts per prefix.</summary>
    public static HarvestSettings Label(int samples, int rollouts, LabelSearch search = LabelSearch.Bisect) =>
        new() { Policy = HarvestPolicyKind.Label, Samples = samples, Rollouts = rollouts, LabelSearch = search };

    /// <summary>
    /// Search: keep the <paramref name="beam"/> best partial traces, expand each by <paramref name="expand"/> next
    /// steps, score by step checks and <paramref name="rollouts"/> rollouts, until a verified answer or
    /// <paramref name="budget"/> generated tokens per problem.
    /// </summary>
    public static HarvestSettings Search(int beam, int expand, int budget = DefaultSearchBudget, int rollouts = 0, int targetVerified = 1) =>
        new() { Policy = HarvestPolicyKind.Search, Beam = beam, Expand = expand, Budget = budget, Rollouts = rollouts, TargetVerified = targetVerified };

    /// <summary>
    /// The most candidates one problem can get under these settings (rollouts are not candidates; search: the
    /// candidates of one round of expansion, <c>w·b</c>, its budget being in tokens).
    /// </summary>
    public int MaxCandidates => Policy switch
    {
        HarvestPolicyKind.Adaptive => Budget,
        HarvestPolicyKind.Search => Beam * Expand,
        _ => Samples,
    };

    /// <summary>The policy's name as stored and shown: <c>best-of-n</c>, <c>adaptive</c>, <c>label</c> or <c>search</c>.</summary>
    public string Name => Policy switch
    {
        HarvestPolicyKind.Adaptive => AdaptiveName,
        HarvestPolicyKind.Label => LabelName,
        HarvestPolicyKind.Search => SearchName,
        _ => FlatName,
    };

    /// <summary>The stored name of the label policy.</summary>
    public const string LabelName = "label";

    /// <summary>The stored name of the flat policy.</summary>
    public const string FlatName = "best-of-n";

    /// <summary>The stored name of the adaptive policy.</summary>
    public const string AdaptiveName = "adaptive";

    /// <summary>The stored name of the search policy.</summary>
    public const string SearchName = "search";

    /// <summary>The policy and its settings in one line, for <c>status</c>.</summary>
    public string Describe()
    {
        var policy = Policy switch
        {
            HarvestPolicyKind.Adaptive => string.Create(CultureInfo.InvariantCulture, $"{AdaptiveName} K={TargetVerified} B={Budget} rounds {FirstRound}, doubling{(Saturation ? ", stops when saturated" : "")}"),
            HarvestPolicyKind.Label => string.Create(CultureInfo.InvariantCulture, $"{LabelName} n={Samples} m={Rollouts} {StepLabelNames.Of(LabelSearch)}"),
            HarvestPolicyKind.Search => string.Create(
                CultureInfo.InvariantCulture, $"{SearchName} w={Beam} b={Expand} K={TargetVerified} budget {Budget} tokens, rollouts {Rollouts}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{FlatName} n={Samples}"),
        };
        var consensus = Consensus is null ? "" : ", " + Consensus.Describe();
        var quota = MaxPerProblem is { } q ? string.Create(CultureInfo.InvariantCulture, $", at most {q} distinct traces per problem") : "";
        var guard = StopOnFalseStep ? ", candidates stop at a false step" : "";
        return policy + consensus + quota + guard;
    }

    /// <summary>Null when the settings are usable; else what is wrong, naming the flag.</summary>
    public string? Validate() => Policy switch
    {
        HarvestPolicyKind.Flat or HarvestPolicyKind.Label when Samples < 1 => "--samples must be at least 1",
        HarvestPolicyKind.Label when Rollouts < 1 => "--rollouts must be at least 1",
        HarvestPolicyKind.Adaptive when TargetVerified < 1 => "--target-verified must be at least 1",
        HarvestPolicyKind.Adaptive when Budget < 1 => "--budget must be at least 1",
        HarvestPolicyKind.Adaptive when FirstRound < 1 => "the first round must be at least 1 candidate",
        not HarvestPolicyKind.Adaptive when Saturation => "--saturation belongs to the adaptive policy",
        HarvestPolicyKind.Search when Beam < 1 => "--beam must be at least 1",
        HarvestPolicyKind.Search when TargetVerified < 1 => "--target-verified must be at least 1",
        HarvestPolicyKind.Search when Expand < 1 => "--expand must be at least 1",
        HarvestPolicyKind.Search when Budget < 1 => "--budget must be at least 1 token",
        HarvestPolicyKind.Search when Rollouts < 0 => "--rollouts must not be negative",
        HarvestPolicyKind.Label or HarvestPolicyKind.Search when Consensus is not null => "--consensus works with the flat and adaptive policies",
        HarvestPolicyKind.Label or HarvestPolicyKind.Search when StopOnFalseStep => "--stop-on-false-step works with the flat and adaptive policies",
        _ when StopOnFalseStep && Consensus is not null => "--stop-on-false-step cannot be combined with --consensus: a candidate cut short casts no vote",
        _ when MaxPerProblem is < 1 => "--max-per-problem must be at least 1",
        _ => Consensus?.Validate(),
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

        if (Policy == HarvestPolicyKind.Search)
        {
            // Search stops on a verified answer or its token budget, not at candidate totals.
            return [];
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

    /// <summary>The state machine that decides one problem's rounds (flat or adaptive; search starts with <see cref="StartSearch"/>).</summary>
    public IProblemHarvest Start() => Policy switch
    {
        HarvestPolicyKind.Flat or HarvestPolicyKind.Label => new FlatHarvest(Samples),
        HarvestPolicyKind.Adaptive => new AdaptiveHarvest(TargetVerified, Budget, FirstRound, Saturation),
        HarvestPolicyKind.Search => throw new InvalidOperationException("The search policy needs the problem's step checker: start it with StartSearch."),
        _ => throw new InvalidOperationException($"Unknown harvest policy {Policy}."),
    };

    /// <summary>
    /// One problem's search under these settings. Where the kind has no step checker and no rollouts were asked for,
    /// partial traces are scored by <see cref="DefaultSearchRollouts"/> rollouts each, since nothing else tells them apart.
    /// </summary>
    /// <param name="kind">The problem's kind.</param>
    /// <param name="maxTraceTokens">The longest trace in generated tokens (the run's max new tokens, within the model's context).</param>
    /// <param name="checkSteps">The step check of a partial trace's complete steps (<see cref="Steps.Partial.PartialStepCheck"/>).</param>
    /// <param name="hasStepChecker">Whether a step checker judges this kind.</param>
    public StepBeamSearch StartSearch(TaskKind kind, int maxTraceTokens, Func<string, StepCheck> checkSteps, bool hasStepChecker)
    {
        if (Policy != HarvestPolicyKind.Search)
        {
            throw new InvalidOperationException($"The {Name} policy is not a search.");
        }

        var rollouts = Rollouts == 0 && !hasStepChecker ? DefaultSearchRollouts : Rollouts;
        return new StepBeamSearch(kind, Beam, Expand, rollouts, Budget, maxTraceTokens, checkSteps, TargetVerified);
    }
}
