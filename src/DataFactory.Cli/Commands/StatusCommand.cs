using System.CommandLine;
using System.Globalization;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Runs;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory status [--run ID] [--set NAME] [--watch]</c>: progress of runs from the store.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var run = new Option<Guid?>("--run") { Description = "One run (default: the latest runs)." };
        var set = new Option<string?>("--set") { Description = "Only runs of this set." };
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh every --interval seconds until the runs finish (Ctrl+C to leave)." };
        var interval = new Option<double>("--interval") { Description = "Refresh interval for --watch, seconds.", DefaultValueFactory = _ => 2.0 };
        var command = new Command("status", "Show runs: problems done/failed/queued, candidates, verified traces, acceptance rate, tokens/s.") { run, set, watch, interval };
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var store = CliSettings.Store(CliSettings.Load());
            var live = parse.GetValue(watch) && !Console.IsOutputRedirected;
            while (true)
            {
                IReadOnlyList<RunSummary> runs;
                await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
                {
                    var runs0 = new RunStore(context);
                    runs = parse.GetValue(run) is { } id
                        ? [await runs0.GetRunAsync(id, token) ?? throw new CliException($"no run {id}.")]
                        : [.. (await runs0.ListRunsAsync(parse.GetValue(set), token)).Take(10)];
                }

                var text = Render(runs);
                if (live)
                {
                    Console.Write("\u001b[H\u001b[2J");
                }

                Console.Write(text);
                if (!parse.GetValue(watch) || runs.All(r => r.ProblemsQueued == 0))
                {
                    return 0;
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.2, parse.GetValue(interval))), token);
            }
        }, ct));
        return command;
    }

    /// <summary>One block per run with a progress bar; plain text, readable over SSH.</summary>
    public static string Render(IReadOnlyList<RunSummary> runs)
    {
        var text = new System.Text.StringBuilder();
        if (runs.Count == 0)
        {
            text.AppendLine("no runs");
        }

        foreach (var r in runs)
        {
            var finished = r.ProblemsDone + r.ProblemsFailed;
            var fraction = r.ProblemsTotal == 0 ? 1 : (double)finished / r.ProblemsTotal;
            const int width = 30;
            var filled = (int)Math.Round(fraction * width);
            text.AppendLine(CultureInfo.InvariantCulture, $"run {r.RunId}  set {r.SetName}  model {r.Model.Name}  {r.Status}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{new string('#', filled)}{new string('.', width - filled)}] {fraction,6:P1}  {finished}/{r.ProblemsTotal} problems ({r.ProblemsDone} done, {r.ProblemsFailed} failed, {r.ProblemsQueued} queued)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  candidates {r.Candidates}  correct {r.Verified}  traces {r.Traces}  acceptance {(r.AcceptanceRate is { } a ? a.ToString("P1", CultureInfo.InvariantCulture) : "-")}  tokens {r.Tokens}  tokens/s {(r.TokensPerSecond is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "-")}");
        }

        return text.ToString();
    }
}
