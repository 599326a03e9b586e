using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Export;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory export --set NAME --format chat|prompt-completion|raw|preference|kto --out FILE [filters]</c>, or
/// <c>--format parquet [--layout chat|prompt-completion|raw] --out DIR</c> for Parquet shards and a dataset card.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Problem set to export.", Required = true };
        var run = new Option<Guid?>("--run") { Description = "Only traces of this run." };
        var format = new Option<string>("--format") { Description = "chat, prompt-completion, raw, preference (DPO pairs within a problem: verified trace against rejected candidate) or kto (traces labelled true, rejected candidates false), stepwise (TRL's stepwise supervision: a labelled candidate's steps and their labels, from runs with --policy label), as JSON Lines (preference and kto need runs with --keep-rejected); or parquet (shards and a dataset card).", DefaultValueFactory = _ => "chat" };
        var layout = new Option<string?>("--layout") { Description = "With --format parquet: the columns, chat (default), prompt-completion, raw, preference or kto, as the JSON Lines formats of those names." };
        var shardMb = new Option<int>("--shard-mb") { Description = "With --format parquet: close a shard once it reaches this many MB.", DefaultValueFactory = _ => (int)(ParquetExportSettings.DefaultShardBytes / 1_000_000) };
        var license = new Option<string>("--license") { Description = "With --format parquet: the licence the dataset card declares (a Hub licence id).", DefaultValueFactory = _ => "unknown" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Output JSON Lines file ('-' for standard output), or the folder of a Parquet export.", Required = true };
        var minPass = new Option<double?>("--min-pass-rate") { Description = "Only problems whose pass rate is at least this (0..1)." };
        var maxPass = new Option<double?>("--max-pass-rate") { Description = "Only problems whose pass rate is at most this (0..1)." };
        var maxPer = new Option<int?>("--max-per-problem") { Description = "At most K traces per problem." };
        var system = new Option<string?>("--system-prompt") { Description = "System message of the chat format." };
        var pairs = new Option<int>("--pairs-per-problem") { Description = "preference: at most N pairs per problem, best with best first (default 1).", DefaultValueFactory = _ => 1 };
        var chosen = new Option<string>("--chosen") { Description = "preference, kto: which traces first: shortest (fewest tokens; default), first (stored order) or random.", DefaultValueFactory = _ => "shortest" };
        var rejected = new Option<string>("--rejected") { Description = "preference, kto: which rejected candidates first: common (the most frequent wrong answer, the most likely wrong; default), shortest, first or random.", DefaultValueFactory = _ => "common" };
        var seed = new Option<int>("--seed") { Description = "Seed of the random picks (default 0)." };
        var conversational = new Option<bool>("--conversational") { Description = "preference, kto: TRL's conversational form (prompt and completions as message lists, --system-prompt as the system turn) instead of plain strings." };
        var softLabels = new Option<bool>("--soft-labels") { Description = "stepwise: write each step's soft label (the share of its prefix's rollouts whose answer verified, a float) instead of the hard label (bool)." };
        var includeFlawed = new Option<bool>("--include-flawed") { Description = "Also export flawed traces (correct final answer, a false checkable step) of runs that kept them." };
        var includeConsensus = new Option<bool>("--include-consensus") { Description = "Also export consensus-labelled traces: those of problems without a gold answer, checked against the majority answer of a consensus run (run --consensus)." };
        var db = new StoreArgument();
        var command = new Command("export", "Stream verified traces as JSON Lines (or Parquet shards) for fine-tuning (constant memory); or, with --format preference|kto, verified traces against the rejected candidates of the same problem.") { set, run, format, layout, shardMb, license, output, minPass, maxPass, maxPer, system, includeFlawed, pairs, chosen, rejected, seed, includeConsensus, conversational, softLabels };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var parquet = string.Equals(parse.GetValue(format)?.Trim(), "parquet", StringComparison.OrdinalIgnoreCase);
            if (!parquet && parse.GetResult(layout) is not null)
            {
                throw new CliException("--layout applies to --format parquet; the JSON Lines formats are chosen by --format.");
            }

            if (parquet && parse.GetValue(conversational))
            {
                throw new CliException("--conversational applies to JSON Lines; the Parquet preference and kto layouts have TRL's standard (string) columns.");
            }

            if (parse.GetValue(shardMb) < 1)
            {
                throw new CliException("--shard-mb must be at least 1.");
            }

            var stepwise = !parquet && ParseFormat(parse.GetValue(format)) == ExportFormat.Stepwise;
            if (parse.GetValue(softLabels) && !stepwise)
            {
                throw new CliException("--soft-labels applies to --format stepwise.");
            }

            var options = new ExportOptions
            {
                SetName = parse.GetValue(set),
                RunId = parse.GetValue(run),
                Format = parquet ? ParseLayout(parse.GetValue(layout)) : ParseFormat(parse.GetValue(format)),
                MinPassRate = parse.GetValue(minPass),
                MaxPassRate = parse.GetValue(maxPass),
                MaxPerProblem = parse.GetValue(maxPer),
                SystemPrompt = parse.GetValue(system),
                IncludeFlawed = parse.GetValue(includeFlawed),
                IncludeConsensus = parse.GetValue(includeConsensus),
                PairsPerProblem = parse.GetValue(pairs) is >= 1 and var n ? n : throw new CliException("--pairs-per-problem must be at least 1."),
                Chosen = ParseChosen(parse.GetValue(chosen)),
                Rejected = ParseRejected(parse.GetValue(rejected)),
                Seed = parse.GetValue(seed),
                Conversational = parse.GetValue(conversational),
                SoftLabels = parse.GetValue(softLabels),
            };
            var store = await db.OpenAsync(parse, CliSettings.Load(), create: false, token);
            var path = parse.GetValue(output)!;
            if (parquet)
            {
                if (path.ToString() == "-")
                {
                    throw new CliException("--format parquet writes a folder; give --out DIR.");
                }

                var settings = new ParquetExportSettings
                {
                    ShardBytes = parse.GetValue(shardMb) * 1_000_000L,
                    License = parse.GetValue(license)!,
                    CommandLine = "datafactory " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                };
                await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
                var shards = await new TraceExporter(context).ExportParquetAsync(path.FullName, options, settings, null, token);
                await Console.Error.WriteLineAsync($"exported {shards.Traces} traces of {shards.Problems} problems to {path.FullName} ({shards.Bytes / 1e6:F1} MB of Parquet, dataset card README.md)");
                return 0;
            }

            var result = await ExportAsync(store, options, path.ToString() == "-" ? null : path.FullName, token);
            var unit = options.Format switch { ExportFormat.Preference => "pairs", ExportFormat.Kto => "examples", ExportFormat.Stepwise => "labelled candidates", _ => "traces" };
            await Console.Error.WriteLineAsync($"exported {result.Traces} {unit} of {result.Problems} problems ({result.Bytes / 1e6:F1} MB)");
            return 0;
        }, ct));
        return command;
    }

    public static ExportFormat ParseFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "chat" or "messages" => ExportFormat.Chat,
        "prompt-completion" or "completion" => ExportFormat.PromptCompletion,
        "raw" => ExportFormat.Raw,
        "preference" or "dpo" => ExportFormat.Preference,
        "kto" => ExportFormat.Kto,
        "stepwise" => ExportFormat.Stepwise,
        _ => throw new CliException($"--format '{name}' is not one of chat, prompt-completion, raw, preference, kto, stepwise, parquet."),
    };

    private static ChosenPick ParseChosen(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "shortest" => ChosenPick.Shortest,
        "first" => ChosenPick.First,
        "random" => ChosenPick.Random,
        _ => throw new CliException($"--chosen '{name}' is not one of shortest, first, random."),
    };

    private static RejectedPick ParseRejected(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "common" => RejectedPick.Common,
        "shortest" => RejectedPick.Shortest,
        "first" => RejectedPick.First,
        "random" => RejectedPick.Random,
        _ => throw new CliException($"--rejected '{name}' is not one of common, shortest, first, random."),
    };

    private static ExportFormat ParseLayout(string? name) => name is null
        ? ExportFormat.Chat
        : name.Trim().ToLowerInvariant() switch
        {
            "chat" or "messages" => ExportFormat.Chat,
            "prompt-completion" or "completion" => ExportFormat.PromptCompletion,
            "raw" => ExportFormat.Raw,
            "preference" or "dpo" => ExportFormat.Preference,
            "kto" => ExportFormat.Kto,
            _ => throw new CliException($"--layout '{name}' is not one of chat, prompt-completion, raw, preference, kto."),
        };

    /// <summary>Exports to a file (written to a temporary name and renamed when complete) or standard output.</summary>
    public static async Task<ExportResult> ExportAsync(StoreOptions store, ExportOptions options, string? path, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var exporter = new TraceExporter(context);
        var progress = Console.IsErrorRedirected ? null : new Progress<long>(n => Console.Error.Write($"\r{n} traces"));
        if (path is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            return await exporter.ExportAsync(stdout, options, progress, cancellationToken);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = path + ".partial";
        ExportResult result;
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.SequentialScan))
        {
            result = await exporter.ExportAsync(file, options, progress, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
        if (progress is not null)
        {
            await Console.Error.WriteLineAsync();
        }

        return result;
    }
}
