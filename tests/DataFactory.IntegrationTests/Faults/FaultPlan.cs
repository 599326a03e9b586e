using System.Globalization;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// The size and the faults of a fault run. The defaults are the reduced form the suite runs; the
/// <c>DATAFACTORY_FAULT_*</c> variables (set by tests/fault/run.sh) make the full one.
/// </summary>
internal sealed record FaultPlan
{
    public int Problems { get; init; } = 240;

    public int Workers { get; init; } = 2;

    public int Samples { get; init; } = 4;

    /// <summary>Adaptive harvest (<c>--target-verified</c>), or null for flat best-of-n with <see cref="Samples"/>.</summary>
    public int? TargetVerified { get; init; }

    /// <summary>Adaptive harvest (<c>--budget</c>), or null.</summary>
    public int? Budget { get; init; }

    /// <summary>The harvest flags of both runs.</summary>
    public string[] HarvestArguments => TargetVerified is null && Budget is null
        ? ["--samples", Samples.ToString(CultureInfo.InvariantCulture)]
        : [.. TargetVerified is { } k ? new[] { "--target-verified", k.ToString(CultureInfo.InvariantCulture) } : [],
           .. Budget is { } b ? new[] { "--budget", b.ToString(CultureInfo.InvariantCulture) } : []];

    /// <summary>
    /// The candidate counts a done attempt may have, in words and as a SQL condition on <c>problem_attempts</c> that
    /// is true for a wrong one: n under best-of-n; under adaptive the end of a round, or fewer where the early stop
    /// ended a round at K verified traces (so at least K correct), never more than the budget.
    /// </summary>
    public (string Words, string WrongSql) CandidateCounts
    {
        get
        {
            if (TargetVerified is null && Budget is null)
            {
                return ($"{Samples}", $"candidates <> {Samples}");
            }

            var settings = Core.Harvest.HarvestSettings.Adaptive(TargetVerified ?? 1, Budget ?? Core.Harvest.HarvestSettings.DefaultBudget);
            var ends = string.Join(", ", settings.RoundEnds());
            return (
                $"{string.Join(" or ", settings.RoundEnds())}, or fewer with at least {settings.TargetVerified} correct (early stop)",
                $"(candidates NOT IN ({ends}) AND correct < {settings.TargetVerified}) OR candidates > {settings.Budget}");
        }
    }

    /// <summary>The policy in words, for the report.</summary>
    public string Policy => TargetVerified is null && Budget is null
        ? $"{Samples} samples"
        : Core.Harvest.HarvestSettings.Adaptive(TargetVerified ?? 1, Budget ?? Core.Harvest.HarvestSettings.DefaultBudget).Describe();

    public int MaxTokens { get; init; } = 160;

    public int Seed { get; init; } = 20261123;

    /// <summary>
    /// Workers killed (SIGKILL) and replaced during the faulted run, at progress points counted from the
    /// store rather than on a timer, so that their number does not depend on the machine's speed: the
    /// problems before the database restart are cut into <see cref="Kills"/> + 1 equal parts and a worker
    /// is killed at the end of each of the first <see cref="Kills"/>. Every kill comes before the first
    /// restart, because a restart can take long enough for the rest of the run to finish during it.
    /// </summary>
    public int Kills { get; init; } = 3;

    /// <summary>
    /// The database is restarted once this fraction of the problems is finished, the broker at
    /// <see cref="BrokerRestartAt"/>: early enough that more work is queued than the workers hold
    /// prefetched, so the broker's absence is felt.
    /// </summary>
    public double DatabaseRestartAt { get; init; } = 0.3;

    public double BrokerRestartAt { get; init; } = 0.5;

    /// <summary>Restart the whole RabbitMQ node (true) or only its application inside the running node.</summary>
    public bool RestartBrokerNode { get; init; }

    /// <summary>Kills due once <paramref name="finished"/> of <paramref name="total"/> problems are finished.</summary>
    public int KillsDue(int finished, int total)
    {
        var window = total * DatabaseRestartAt;
        return window <= 0 ? Kills : (int)Math.Min(Kills, Math.Floor(finished * (Kills + 1) / window));
    }

    /// <summary>The faulted run must finish within this; the clean run likewise.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Where the figures go as Markdown, or null for the test output only.</summary>
    public string? ReportPath { get; init; }

    public static FaultPlan FromEnvironment()
    {
        var plan = new FaultPlan();
        return plan with
        {
            Problems = Number("DATAFACTORY_FAULT_PROBLEMS") ?? plan.Problems,
            Workers = Number("DATAFACTORY_FAULT_WORKERS") ?? plan.Workers,
            Kills = Number("DATAFACTORY_FAULT_KILLS") ?? plan.Kills,
            TargetVerified = Number("DATAFACTORY_FAULT_TARGET_VERIFIED") ?? plan.TargetVerified,
            Budget = Number("DATAFACTORY_FAULT_BUDGET") ?? plan.Budget,
            DatabaseRestartAt = Percent("DATAFACTORY_FAULT_DATABASE_RESTART_PERCENT") ?? plan.DatabaseRestartAt,
            BrokerRestartAt = Percent("DATAFACTORY_FAULT_BROKER_RESTART_PERCENT") ?? plan.BrokerRestartAt,
            RestartBrokerNode = Environment.GetEnvironmentVariable("DATAFACTORY_FAULT_BROKER_RESTART") == "node",
            RunTimeout = Number("DATAFACTORY_FAULT_RUN_MINUTES") is { } minutes ? TimeSpan.FromMinutes(minutes) : plan.RunTimeout,
            ReportPath = Environment.GetEnvironmentVariable("DATAFACTORY_FAULT_REPORT") is { Length: > 0 } path ? path : null,
        };
    }

    private static double? Percent(string variable) => Number(variable) is { } percent ? percent / 100.0 : null;

    private static int? Number(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
