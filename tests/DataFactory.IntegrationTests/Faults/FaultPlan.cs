using System.Globalization;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// The size and the faults of a fault run. The defaults are the reduced form the suite runs; the
/// <c>DATAFACTORY_FAULT_*</c> variables (set by tests/fault/run.sh) make the full one.
/// </summary>
internal sealed record FaultPlan
{
    public int Problems { get; init; } = 800;

    public int Workers { get; init; } = 2;

    public int Samples { get; init; } = 4;

    public int MaxTokens { get; init; } = 160;

    public int Seed { get; init; } = 20261123;

    /// <summary>A worker is killed (SIGKILL) and restarted this often.</summary>
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>At most this many kills; <c>DATAFACTORY_FAULT_MAX_KILLS=0</c> kills until the run is done.</summary>
    public int MaxKills { get; init; } = 3;

    /// <summary>
    /// The database is restarted once this fraction of the problems is finished, the broker at
    /// <see cref="BrokerRestartAt"/>: early enough that more work is queued than the workers hold
    /// prefetched, so the broker's absence is felt.
    /// </summary>
    public double DatabaseRestartAt { get; init; } = 0.3;

    public double BrokerRestartAt { get; init; } = 0.5;

    /// <summary>Restart the whole RabbitMQ node (true) or only its application inside the running node.</summary>
    public bool RestartBrokerNode { get; init; }

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
            KillEvery = Number("DATAFACTORY_FAULT_KILL_EVERY_SECONDS") is { } seconds ? TimeSpan.FromSeconds(seconds) : plan.KillEvery,
            MaxKills = Number("DATAFACTORY_FAULT_MAX_KILLS") is { } kills ? (kills == 0 ? int.MaxValue : kills) : plan.MaxKills,
            RestartBrokerNode = Environment.GetEnvironmentVariable("DATAFACTORY_FAULT_BROKER_RESTART") == "node",
            RunTimeout = Number("DATAFACTORY_FAULT_RUN_MINUTES") is { } minutes ? TimeSpan.FromMinutes(minutes) : plan.RunTimeout,
            ReportPath = Environment.GetEnvironmentVariable("DATAFACTORY_FAULT_REPORT") is { Length: > 0 } path ? path : null,
        };
    }

    private static int? Number(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
