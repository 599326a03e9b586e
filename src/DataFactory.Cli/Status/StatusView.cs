using System.Globalization;
using System.Text;
using DataFactory.Storage.Runs;

namespace DataFactory.Cli.Status;

/// <summary>
/// The text of <c>datafactory status</c>: the broker's queues, then one block per run with a progress
/// bar, totals and, when watching, recent rates and time left. Plain ASCII, so it reads the same
/// over SSH, in a log and in a terminal without colours.
/// </summary>
internal static class StatusView
{
    public const int BarWidth = 30;

    public static string Render(IReadOnlyList<RunSummary> runs, IReadOnlyDictionary<Guid, RunRate>? rates, BrokerSnapshot? broker)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        if (broker is not null)
        {
            text.AppendLine(Broker(broker));
            foreach (var (work, errors) in broker.Models)
            {
                text.AppendLine(QueueLine(work, errors));
            }
        }

        if (runs.Count == 0)
        {
            text.AppendLine("no runs");
        }

        foreach (var r in runs)
        {
            var finished = r.ProblemsDone + r.ProblemsFailed;
            var fraction = r.ProblemsTotal == 0 ? 1 : (double)finished / r.ProblemsTotal;
            text.AppendLine(CultureInfo.InvariantCulture, $"run {r.RunId}  set {r.SetName}  model {r.Model.Name}  {r.Status}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  harvest {r.Harvest.Describe()}  seed {r.Sampling.Seed}  exhausted {r.ProblemsExhausted}{(r.Harvest.Saturation ? $"  saturated {r.ProblemsSaturated}" : "")}  duplicates of stored traces {r.Duplicates}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Bar(fraction)} {fraction,6:P1}  {finished}/{r.ProblemsTotal} problems ({r.ProblemsDone} done, {r.ProblemsFailed} failed, {r.ProblemsQueued} queued)");
            if (r.Harvest.Consensus is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  consensus: {r.ProblemsLabelled} problems labelled, {r.ConsensusTraces} consensus-labelled traces");
            }

            if (!r.QueueingComplete)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  queueing incomplete: {r.ProblemsSent}/{r.ProblemsTotal} problems queued; unless 'datafactory run' is still sending, queue the rest with: datafactory run --resume {r.RunId}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"  candidates {r.Candidates}  correct {r.Verified}  flawed {r.Flawed}{(r.Harvest.StopOnFalseStep ? $"  stopped at a false step {r.Stopped}" : "")}  traces {r.Traces}  acceptance {(r.AcceptanceRate is { } a ? a.ToString("P1", CultureInfo.InvariantCulture) : "-")}  tokens {r.Tokens}  tokens/s {(r.TokensPerSecond is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "-")}");
            if (r.Harvest.Policy == Core.Harvest.HarvestPolicyKind.Label)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  labelled candidates {r.LabelledCandidates}  labelled steps {r.LabelledSteps}  rollouts {r.Rollouts} (their tokens are in tokens)");
            }

            if (rates is not null && rates.TryGetValue(r.RunId, out var rate))
            {
                var left = rate.Remaining(r.ProblemsQueued);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  last {rate.Window.TotalSeconds:F0}s: {rate.Problems:F2} problems/s  {rate.Candidates:F1} candidates/s  {rate.Traces:F1} traces/s  {rate.Tokens:F0} tokens/s  eta {(left is { } l ? Duration(l) : "-")}");
            }
        }

        return text.ToString();
    }

    public static string Bar(double fraction)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        return $"[{new string('#', filled)}{new string('.', BarWidth - filled)}]";
    }

    private static string Broker(BrokerSnapshot broker)
    {
        if (broker.Problem is { } problem)
        {
            return $"broker: {problem}";
        }

        return QueueLine(broker.Work!, broker.Errors!);
    }

    private static string QueueLine(QueueDepth work, QueueDepth errors)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"queue {work.Name}: ");
        line.Append(work.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"{Count(work.Ready)} ready, {Count(work.Unacked)} in hand, {Count(work.Consumers)} consumers, {Rate(work.AckRate)} acks/s, {Rate(work.RedeliverRate)} redeliveries/s")
            : "not declared yet (no worker has started)");
        line.Append(CultureInfo.InvariantCulture, $"  |  {errors.Name}: {Count(errors.Ready)} messages");
        return line.ToString();
    }

    private static string Count(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "-";

    private static string Rate(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "-";

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:D2}m")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:D2}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(span.TotalSeconds)}s");
}
