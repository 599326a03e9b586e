using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Core.Formats;
using DataFactory.Storage;
using DataFactory.Storage.Import;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory import FILE --set NAME [--format F] [--skip-invalid]</c>.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON Lines problem file." };
        var set = new Option<string>("--set") { Description = "Problem set to import into (created when new).", Required = true };
        var format = new Option<string>("--format") { Description = $"File format: {ProblemFormats.Names}.", DefaultValueFactory = _ => "auto" };
        var skip = new Option<bool>("--skip-invalid") { Description = "Import the valid lines and report every invalid one, instead of rejecting the file." };
        var db = new StoreArgument();
        var command = new Command("import", "Import problems from a JSON Lines file into a problem set, all or nothing.") { file, set, format, skip };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            if (!ProblemFormats.TryParse(parse.GetValue(format), out var problemFormat))
            {
                throw new CliException($"--format '{parse.GetValue(format)}' is not one of {ProblemFormats.Names}.");
            }

            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"file '{path.FullName}' does not exist.");
            }

            var store = await db.OpenAsync(parse, CliSettings.Load(), create: true, token);
            var (read, stored) = await ImportAsync(store, path.FullName, parse.GetValue(set)!, new ImportOptions { Format = problemFormat, SkipInvalid = parse.GetValue(skip) }, token);
            foreach (var error in read.Skipped)
            {
                await Console.Error.WriteLineAsync($"skipped {error}");
            }

            Console.WriteLine(
                $"set '{parse.GetValue(set)}': {stored.Added} added, {stored.Unchanged} unchanged, {read.Skipped.Count} invalid lines skipped ({read.DetectedFormat.ToName()} format, {read.LinesRead} lines)");
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Reads and stores a file; nothing is stored when the file is rejected.</summary>
    public static async Task<(DataFactory.Core.Formats.ImportResult Read, DataFactory.Storage.Import.ImportResult Stored)> ImportAsync(
        StoreOptions store, string path, string setName, ImportOptions options, CancellationToken cancellationToken)
    {
        var read = ProblemFileReader.Read(path, options);
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var stored = await new ProblemSetStore(context).ImportAsync(setName, read.Problems, cancellationToken);
        return (read, stored);
    }
}
