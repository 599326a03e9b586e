using System.CommandLine;
using DataFactory.Cli.Decontamination;
using DataFactory.Cli.Settings;
using DataFactory.Core.Consensus;
using DataFactory.Core.Formats;
using DataFactory.Core.Formats.Parquet;
using DataFactory.Storage;
using DataFactory.Storage.Import;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory import FILE|DIR --set NAME [--format F] [--skip-invalid] [--prompt-column C]
/// [--answer-column C] [--id-column C] [--decontaminate FILE|SET ...] [--ngram N]</c>.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "JSON Lines problem file, Parquet file (.parquet) or folder of Parquet shards." };
        var set = new Option<string>("--set") { Description = "Problem set to import into (created when new).", Required = true };
        var format = new Option<string>("--format") { Description = $"File format: {ProblemFormats.Names}.", DefaultValueFactory = _ => "auto" };
        var skip = new Option<bool>("--skip-invalid") { Description = "Import the valid lines (rows) and report every invalid one, instead of rejecting the file." };
        var prompt = new Option<string?>("--prompt-column") { Description = "Parquet: the column holding the prompt." };
        var answer = new Option<string?>("--answer-column") { Description = "Parquet: the column holding the gold answer (gsm8k: the solution ending in '#### answer')." };
        var id = new Option<string?>("--id-column") { Description = "Parquet: the column holding the problem id." };
        var consensus = new Option<bool>("--consensus") { Description = "The set is meant for consensus: math, exact and multiple-choice problems may come without a gold answer (run --consensus labels them by majority vote). Recorded with the set; without it a missing answer is an error." };
        var decontamination = new DecontaminationArguments("--decontaminate");
        var db = new StoreArgument();
        var command = new Command("import", "Import problems from a JSON Lines or Parquet file (or a folder of Parquet shards) into a problem set, all or nothing.")
        {
            file, set, format, skip, prompt, answer, id, consensus,
        };
        decontamination.AddTo(command);
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            if (!ProblemFormats.TryParse(parse.GetValue(format), out var problemFormat))
            {
                throw new CliException($"--format '{parse.GetValue(format)}' is not one of {ProblemFormats.Names}.");
            }

            var path = Path.GetFullPath(parse.GetValue(file)!);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new CliException($"file '{path}' does not exist.");
            }

            var options = new ImportOptions
            {
                Format = problemFormat,
                SkipInvalid = parse.GetValue(skip),
                PromptColumn = parse.GetValue(prompt),
                AnswerColumn = parse.GetValue(answer),
                IdColumn = parse.GetValue(id),
                Consensus = parse.GetValue(consensus),
            };
            var parquet = ParquetProblemReader.IsParquet(path);
            if (!parquet && (options.PromptColumn ?? options.AnswerColumn ?? options.IdColumn) is not null)
            {
                throw new CliException("--prompt-column, --answer-column and --id-column apply to Parquet input only.");
            }

            var check = decontamination.Read(parse);
            var store = await db.OpenAsync(parse, CliSettings.Load(), create: true, token);
            var (read, stored) = await ImportAsync(store, path, parse.GetValue(set)!, options, token);
            var unit = parquet ? "rows" : "lines";
            foreach (var error in read.Skipped)
            {
                await Console.Error.WriteLineAsync($"skipped {error}");
            }

            var withoutGold = options.Consensus ? read.Problems.Count(ConsensusVote.Applies) : 0;
            Console.WriteLine(
                $"set '{parse.GetValue(set)}': {stored.Added} added, {stored.Unchanged} unchanged, {read.Skipped.Count} invalid {unit} skipped ({read.DetectedFormat.ToName()} format, {read.LinesRead} {unit})"
                + (options.Consensus ? $"; for consensus, {withoutGold} without a gold answer" : ""));
            if (check is not null)
            {
                await DecontaminateCommand.RunAsync(store, parse.GetValue(set)!, check, json: false, token);
            }

            return 0;
        }, ct));
        return command;
    }

    /// <summary>Reads and stores a JSON Lines or Parquet input; nothing is stored when it is rejected.</summary>
    public static async Task<(DataFactory.Core.Formats.ImportResult Read, DataFactory.Storage.Import.ImportResult Stored)> ImportAsync(
        StoreOptions store, string path, string setName, ImportOptions options, CancellationToken cancellationToken)
    {
        DataFactory.Core.Formats.ImportResult read;
        try
        {
            read = ParquetProblemReader.IsParquet(path)
                ? await ParquetProblemReader.ReadAsync(path, options, cancellationToken)
                : ProblemFileReader.Read(path, options);
        }
        catch (ArgumentException e) when (e.ParamName is not null && e.ParamName.StartsWith("--", StringComparison.Ordinal))
        {
            throw new CliException(e.Message.Split(" (Parameter", 2)[0]);
        }

        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var stored = await new ProblemSetStore(context).ImportAsync(setName, read.Problems, options.Consensus, cancellationToken);
        return (read, stored);
    }
}
