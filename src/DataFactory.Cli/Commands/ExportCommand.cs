using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Export;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory export --set NAME --format chat|prompt-completion|raw --out FILE [filters]</c>.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Problem set to export.", Required = true };
        var run = new Option<Guid?>("--run") { Description = "Only traces of this run." };
        var format = new Option<string>("--format") { Description = "chat, prompt-completion or raw.", DefaultValueFactory = _ => "chat" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Output JSON Lines file ('-' for standard output).", Required = true };
        var minPass = new Option<double?>("--min-pass-rate") { Description = "Only problems whose pass rate is at least this (0..1)." };
        var maxPass = new Option<double?>("--max-pass-rate") { Description = "Only problems whose pass rate is at most this (0..1)." };
        var maxPer = new Option<int?>("--max-per-problem") { Description = "At most K traces per problem." };
        var system = new Option<string?>("--system-prompt") { Description = "System message of the chat format." };
        var includeFlawed = new Option<bool>("--include-flawed") { Description = "Also export flawed traces (correct final answer, a false checkable step) of runs that kept them." };
        var db = new StoreArgument();
        var command = new Command("export", "Stream verified traces as JSON Lines for fine-tuning (constant memory).") { set, run, format, output, minPass, maxPass, maxPer, system, includeFlawed };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var options = new ExportOptions
            {
                SetName = parse.GetValue(set),
                RunId = parse.GetValue(run),
                Format = ParseFormat(parse.GetValue(format)),
                MinPassRate = parse.GetValue(minPass),
                MaxPassRate = parse.GetValue(maxPass),
                MaxPerProblem = parse.GetValue(maxPer),
                SystemPrompt = parse.GetValue(system),
                IncludeFlawed = parse.GetValue(includeFlawed),
            };
            var store = await db.OpenAsync(parse, CliSettings.Load(), create: false, token);
            var path = parse.GetValue(output)!;
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
        _ => throw new CliException($"--format '{name}' is not one of chat, prompt-completion, raw."),
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
