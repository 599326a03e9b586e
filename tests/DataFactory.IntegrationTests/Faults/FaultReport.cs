using System.Globalization;
using System.Text;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>The fault test's figures and verdicts, as Markdown for benchmarks/results/faults.md and the test output.</summary>
internal sealed class FaultReport(FaultPlan plan, RunOutcome clean, RunOutcome faulted, string loadBefore, string loadAfter)
{
    public RunOutcome Clean => clean;

    public RunOutcome Faulted => faulted;

    public int OnlyInClean => clean.Audit.Traces.Except(faulted.Audit.Traces).Count();

    public int OnlyInFaulted => faulted.Audit.Traces.Except(clean.Audit.Traces).Count();

    /// <summary>Problems whose attempt (status, candidates, correct, tokens) differs between the runs.</summary>
    public int AttemptDifferences =>
        clean.Audit.Attempts.Keys.Union(faulted.Audit.Attempts.Keys)
            .Count(id => clean.Audit.Attempts.GetValueOrDefault(id) != faulted.Audit.Attempts.GetValueOrDefault(id));

    /// <summary>Every check that failed, in words; empty when the run is sound.</summary>
    public IReadOnlyList<string> Violations()
    {
        var violations = new List<string>();
        foreach (var (name, run) in new[] { ("fault-free", clean), ("faulted", faulted) })
        {
            var audit = run.Audit;
            Check(violations, run.Finished, $"{name} run did not finish within {plan.RunTimeout}");
            Check(violations, audit.Stuck == 0, $"{name} run: {audit.Stuck} problems neither done nor failed");
            Check(violations, audit.FailedWithoutReason == 0, $"{name} run: {audit.FailedWithoutReason} failures without a reason");
            Check(violations, audit.DuplicateTraces == 0, $"{name} run: {audit.DuplicateTraces} duplicate traces");
            Check(violations, audit.CounterMismatches.Count == 0,
                $"{name} run: counters disagree with the rows: {string.Join(", ", audit.CounterMismatches.Select(m => $"{m.Key} {m.Value.Counter} vs {m.Value.Rows}"))}");
            Check(violations, audit.WrongCandidateCounts == 0, $"{name} run: {audit.WrongCandidateCounts} attempts whose candidates are not {plan.CandidateCounts.Words}");
        }

        Check(violations, OnlyInClean == 0 && OnlyInFaulted == 0,
            $"traces differ: {OnlyInClean} only in the fault-free run, {OnlyInFaulted} only in the faulted run");
        Check(violations, AttemptDifferences == 0, $"{AttemptDifferences} problems have different attempts in the two runs");
        Check(violations, faulted.Kills == plan.Kills, $"{faulted.Kills} workers were killed, not the {plan.Kills} planned");
        return violations;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        Line(text, "# Fault injection");
        Line(text, "");
        Line(text, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Commit()}, {Environment.ProcessorCount} cores, load average before {loadBefore.Split(' ')[0]} and after {loadAfter.Split(' ')[0]} (the machine was shared).");
        Line(text, "");
        Line(text, $"{plan.Problems} arithmetic problems (seed {plan.Seed}) run twice on the bundled model with the same run seed, {plan.Policy}, " +
            $"at most {plan.MaxTokens} new tokens, {plan.Workers} worker processes (one ONNX Runtime thread each). The faulted run kills a worker with SIGKILL {plan.Kills} times, " +
            $"at progress points rather than on a timer (each time another 1/{plan.Kills + 1} of the problems before the database restart has finished), and starts a replacement at once, restarts " +
            $"PostgreSQL (fast shutdown) once {plan.DatabaseRestartAt:P0} of the problems are finished and " +
            $"{(plan.RestartBrokerNode ? "the whole RabbitMQ node" : "the RabbitMQ application in its node")} once {plan.BrokerRestartAt:P0} are; a worker is only killed once it has reported ready, and kills pause after a restart until a problem has finished again. Workers use the default retry policy (transient faults retried until they clear, backoff 0.2-30 s).");
        Line(text, "");
        Line(text, "| | fault-free run | faulted run |");
        Line(text, "|---|---|---|");
        Row(text, "wall time", $"{clean.Duration.TotalSeconds:F0} s", $"{faulted.Duration.TotalSeconds:F0} s");
        Row(text, "problems done / failed / stuck", Counts(clean.Audit), Counts(faulted.Audit));
        Row(text, "verified traces", Num(clean.Audit.Traces.Count), Num(faulted.Audit.Traces.Count));
        Row(text, "worker processes started", Num(clean.WorkersStarted), Num(faulted.WorkersStarted));
        Row(text, "workers killed (SIGKILL)", Num(clean.Kills), Num(faulted.Kills));
        Row(text, "service restarts", "0", Num(faulted.Faults.Count(f => f.Event.Kind != FaultRun.WorkerKill)));
        Row(text, "messages redelivered (worker logs)", Num(clean.Redelivered), Num(faulted.Redelivered));
        Row(text, "batches retried after a transient fault", Num(clean.TransientRetries), Num(faulted.TransientRetries));
        Row(text, "messages failed for good", Num(clean.FailureLines.Count), Num(faulted.FailureLines.Count));
        Row(text, "longest time without progress", Seconds(clean.LongestStall), Seconds(faulted.LongestStall));
        Row(text, "worker start to ready (median / max)", Spread(clean.ReadyTimes), Spread(faulted.ReadyTimes));
        Line(text, "");
        Line(text, "Recovery: for each fault, when it began (seconds into the run), how long it took (for a kill: to kill and start the replacement; for a restart: until the server accepted connections again), the time from then to the next finished problem, and the longest time without any finished problem from the last one before the fault to the first one after it (progress can go on during a broker restart: workers finish the messages they hold and acknowledge them late).");
        Line(text, "");
        Line(text, "| fault | at | took | next progress after | without progress |");
        Line(text, "|---|---|---|---|---|");
        foreach (var (fault, first, stall) in faulted.Faults)
        {
            Line(text, $"| {fault.Kind} | {Seconds(fault.Start - faulted.Started)} | {Seconds(fault.End - fault.Start)} | " +
                $"{(first is { } f ? Seconds(f - fault.End) : "none (the run was finished)")} | {Seconds(stall)} |");
        }

        Line(text, "");
        Line(text, "Checks (from the store after both runs):");
        Line(text, "");
        var violations = Violations();
        Line(text, $"- every problem done or failed with a reason, none stuck: {Verdict(clean.Audit.Stuck + faulted.Audit.Stuck + clean.Audit.FailedWithoutReason + faulted.Audit.FailedWithoutReason == 0)}");
        Line(text, $"- no trace stored twice: {Verdict(clean.Audit.DuplicateTraces + faulted.Audit.DuplicateTraces == 0)}");
        Line(text, $"- no attempt counted twice (run counters = sums over attempt and trace rows; {plan.CandidateCounts.Words} candidates per done problem): " +
            $"{Verdict(clean.Audit.CounterMismatches.Count + faulted.Audit.CounterMismatches.Count + clean.Audit.WrongCandidateCounts + faulted.Audit.WrongCandidateCounts == 0)}");
        Line(text, $"- verified traces identical to the fault-free run, as (problem, trace hash): {Verdict(OnlyInClean + OnlyInFaulted == 0)} " +
            $"({Num(clean.Audit.Traces.Count)} vs {Num(faulted.Audit.Traces.Count)}; {OnlyInClean} only fault-free, {OnlyInFaulted} only faulted)");
        Line(text, $"- attempts identical per problem (status, candidates, correct, tokens): {Verdict(AttemptDifferences == 0)} ({AttemptDifferences} differ)");
        if (violations.Count > 0)
        {
            Line(text, "");
            Line(text, "Violations:");
            foreach (var violation in violations)
            {
                Line(text, $"- {violation}");
            }
        }

        return text.ToString();
    }

    private static void Check(List<string> violations, bool ok, string violation)
    {
        if (!ok)
        {
            violations.Add(violation);
        }
    }

    private static string Counts(RunAudit audit) => $"{Num(audit.Done)} / {Num(audit.Failed)} / {Num(audit.Stuck)}";

    private static string Spread(IReadOnlyList<TimeSpan> times)
    {
        if (times.Count == 0)
        {
            return "-";
        }

        var sorted = times.Order().ToArray();
        return $"{Seconds(sorted[sorted.Length / 2])} / {Seconds(sorted[^1])}";
    }

    private static string Verdict(bool ok) => ok ? "yes" : "**NO**";

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F1} s");

    private static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder text, string name, string clean, string faulted) => Line(text, $"| {name} | {clean} | {faulted} |");

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Commit()
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
            using var git = System.Diagnostics.Process.Start(start)!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }
}
