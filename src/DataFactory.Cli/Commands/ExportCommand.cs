using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Export;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory export --set NAME --format chat|prompt-completion|raw --out FILE [filters]</c>, or
/// <c>--format parquet [--layout chat|prompt-completion|raw] --out DIR</c> for Parquet shards and a dataset card.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Problem set to export.", Required = true };
        var run = new Option<Guid?>("--run") { Description = "Only traces of this run." };
        var format = new Option<string>("--format") { Description = "chat, prompt-completion, raw (JSON Lines) or parquet (shards and a dataset card).", DefaultValueFactory = _ => "chat" };
        var layout = new Option<string?>("--layout") { Description = "With --format parquet: the columns, chat (default), prompt-completion or raw, as the JSON Lines formats of those names." };
        var shardMb = new Option<int>("--shard-mb") { Description = "With --format parquet: close a shard once it reaches this many MB.", DefaultValueFactory = _ => (int)(ParquetExportSettings.DefaultShardBytes / 1_000_000) };
        var license = new Option<string>("--license") { Description = "With --format parquet: the licence the dataset card declares (a Hub licence id).", DefaultValueFactory = _ => "unknown" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Output JSON Lines file ('-' for standard output), or the folder of a Parquet export.", Required = true };
        var minPass = new Option<double?>("--min-pass-rate") { Description = "Only problems whose pass rate is at least this (0..1)." };
        var maxPass = new Option<double?>("--max-pass-rate") { Description = "Only problems whose pass rate is at most this (0..1)." };
        var maxPer = new Option<int?>("--max-per-problem") { Description = "At most K traces per problem." };
        var system = new Option<string?>("--system-prompt") { Description = "System message of the chat format." };
        var includeFlawed = new Option<bool>("--include-flawed") { Description = "Also export flawed traces (correct final answer, a false checkable step) of runs that kept them." };
        var db = new StoreArgument();
        var command = new Command("export", "Stream verified traces as JSON Lines for fine-tuning (constant memory).") { set, run, format, layout, shardMb, license, output, minPass, maxPass, maxPer, system, includeFlawed };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var parquet = string.Equals(parse.GetValue(format)?.Trim(), "parquet", StringComparison.OrdinalIgnoreCase);
            if (!parquet && parse.GetResult(layout) is not null)
            {
                throw new CliException("--layout applies to --format parquet; the JSON Lines formats are chosen by --format.");
            }

            if (parse.GetValue(shardMb) < 1)
            {
                throw new CliException("--shard-mb must be at least 1.");
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
            await Console.Error.WriteLineAsync($"exported {result.Traces} traces of {result.Problems} problems ({result.Bytes / 1e6:F1} MB)");
            return 0;
        }, ct));
        return command;
    }

    public static ExportFormat ParseFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "chat" or "messages" => ExportFormat.Chat,
        "prompt-completion" or "completion" => ExportFormat.PromptCompletion,
        "raw" => ExportFormat.Raw,
        _ => throw new CliException($"--format '{name}' is not one of chat, prompt-completion, raw, parquet."),
    };

    private static ExportFormat ParseLayout(string? name) => name is null
        ? ExportFormat.Chat
        : name.Trim().ToLowerInvariant() switch
        {
            "chat" or "messages" => ExportFormat.Chat,
            "prompt-completion" or "completion" => ExportFormat.PromptCompletion,
            "raw" => ExportFormat.Raw,
            _ => throw new CliException($"--layout '{name}' is not one of chat, prompt-completion, raw."),
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
