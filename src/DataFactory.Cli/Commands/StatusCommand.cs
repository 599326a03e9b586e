using System.CommandLine;
using System.Diagnostics;
using DataFactory.Cli.Settings;
using DataFactory.Cli.Status;
using DataFactory.Storage;
using DataFactory.Storage.Runs;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory status [--run ID] [--set NAME] [--watch]</c>: progress of runs from the store and the
/// work queue's depth from the RabbitMQ management API; <c>--watch</c> redraws with recent rates.
/// </summary>
internal static class StatusCommand
{
    private const string Home = "\u001b[H";
    private const string ClearScreen = "\u001b[2J";
    private const string ClearLine = "\u001b[K";
    private const string ClearBelow = "\u001b[J";

    public static Command Create()
    {
        var run = new Option<Guid?>("--run") { Description = "One run (default: the latest runs)." };
        var set = new Option<string?>("--set") { Description = "Only runs of this set." };
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh every --interval seconds until the runs finish (Ctrl+C to leave)." };
        var interval = new Option<double>("--interval") { Description = "Refresh interval for --watch, seconds.", DefaultValueFactory = _ => 2.0 };
        var json = new Option<bool>("--json") { Description = "One JSON object per run and line (run_id, set, state, seed, policy, problems_*, candidates, correct, traces, tokens, seconds, ...)." };
        var limit = new Option<int>("--limit") { Description = "Show at most N runs, newest first (0 = all).", DefaultValueFactory = _ => 10 };
        var db = new StoreArgument();
        var command = new Command("status", "Show runs (problems done/failed/queued, candidates, verified traces, acceptance rate, tokens/s) and the queue's depth.") { run, set, watch, interval, json, limit };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var configuration = CliSettings.Load();
            var store = await db.OpenAsync(parse, configuration, create: false, token);
            if (parse.GetValue(json))
            {
                foreach (var line in await JsonLinesAsync(store, parse.GetValue(run), parse.GetValue(set), parse.GetValue(limit), token))
                {
                    Console.WriteLine(line);
                }

                return 0;
            }

            // An embedded store has no broker to ask for queue depths.
            var broker = db.Path(parse) is null ? CliSettings.Broker(configuration) : null;
            using var management = broker is null || broker.IsInMemory ? null : new RabbitMqManagement(broker, TimeSpan.FromSeconds(3));
            var watching = parse.GetValue(watch);
            var live = watching && !Console.IsOutputRedirected;
            var rates = new RunRates(TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            for (var frame = 0; ; frame++)
            {
                var runs = await ReadRunsAsync(store, parse.GetValue(run), parse.GetValue(set), parse.GetValue(limit), token);
                var queues = management is null ? null : await management.ReadAsync(broker!.Queue, token);
                var recent = new Dictionary<Guid, RunRate>();
                foreach (var r in runs)
                {
                    if (rates.Add(r, clock.Elapsed) is { } rate)
                    {
                        recent[r.RunId] = rate;
                    }
                }

                var text = StatusView.Render(runs, watching ? recent : null, queues);
                Console.Write(live ? Redraw(text, frame == 0) : text);
                if (!watching || runs.All(r => r.ProblemsQueued == 0))
                {
                    return 0;
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.2, parse.GetValue(interval))), token);
            }
        }, ct));
        return command;
    }

    /// <summary>Overwrites the previous frame in place (cursor home, each line cleared to its end), which terminals over SSH redraw without flicker.</summary>
    public static string Redraw(string text, bool first)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", ClearLine + "\n", StringComparison.Ordinal);
        return (first ? Home + ClearScreen : Home) + lines + ClearBelow;
    }

    private static async Task<IReadOnlyList<RunSummary>> ReadRunsAsync(StoreOptions store, Guid? runId, string? setName, int limit, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var runs = new RunStore(context);
        if (runId is { } id)
        {
            return [await runs.GetRunAsync(id, cancellationToken) ?? throw new CliException($"no run {id}.")];
        }

        var all = await runs.ListRunsAsync(setName, cancellationToken);
        return limit > 0 ? [.. all.Take(limit)] : all;
    }

    private static async Task<List<string>> JsonLinesAsync(StoreOptions store, Guid? runId, string? setName, int limit, CancellationToken cancellationToken)
    {
        var runs = await ReadRunsAsync(store, runId, setName, limit, cancellationToken);
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var lines = new List<string>(runs.Count);
        foreach (var summary in runs)
        {
            lines.Add(StatusJson.Line(summary, await new RunStore(context).CountSolvedAsync(summary.RunId, cancellationToken)));
        }

        return lines;
    }
}
