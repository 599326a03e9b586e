using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataFactory.Cli.Settings;
using DataFactory.Core.Decontamination;
using DataFactory.Storage;
using DataFactory.Storage.Decontamination;

namespace DataFactory.Cli.Decontamination;

/// <summary><c>datafactory decontaminate --set S --against FILE|SET ... [--ngram N] [--min-overlap X] [--json]</c>.</summary>
internal static class DecontaminateCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Problem set to check.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per flagged problem." };
        var against = new DecontaminationArguments("--against", required: true);
        var db = new StoreArgument();
        var command = new Command(
            "decontaminate",
            "Mark the problems of a set that copy a benchmark item (exact after normalisation, one word changed, or n-gram overlap); marked problems are kept but never exported.")
        {
            set, json,
        };
        against.AddTo(command);
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var request = against.Read(parse)!;
            var store = await db.OpenAsync(parse, CliSettings.Load(), create: false, token);
            await RunAsync(store, parse.GetValue(set)!, request, parse.GetValue(json), token);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Checks the set, marks what it flags and prints each flag and a summary line.</summary>
    public static async Task<DecontaminationResult> RunAsync(
        StoreOptions store, string setName, DecontaminationRequest request, bool json, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var decontaminator = new SetDecontaminator(context);
        var index = new ContaminationIndex(request.Options);
        var names = new List<string>();
        foreach (var source in request.Against)
        {
            if (source == setName && !File.Exists(source) && !Directory.Exists(source))
            {
                throw new CliException($"--against '{source}' is the set being checked.");
            }

            var items = await BenchmarkSources.LoadAsync(source, decontaminator, cancellationToken);
            foreach (var item in items)
            {
                index.Add(item);
            }

            names.Add(string.Create(CultureInfo.InvariantCulture, $"{(items.Count > 0 ? items[0].Benchmark : source)} ({items.Count:N0} items)"));
        }

        var result = await decontaminator.DecontaminateAsync(setName, index, cancellationToken);
        foreach (var flag in result.Flags)
        {
            var (item, overlap, kind) = flag.Match;
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new { problem_id = flag.ProblemId, benchmark = item.Benchmark, benchmark_id = item.Id, overlap = Math.Round(overlap, 4) },
                    Json));
            }
            else
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"contaminated: '{flag.ProblemId}' matches {item.Benchmark} '{item.Id}' ({Describe(kind)}, overlap {overlap:0.###})"));
            }
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"set '{setName}': {result.Flags.Count} of {result.Checked} problems contaminated, marked and left out of exports (against {string.Join(", ", names)}; {request.Options.NgramSize}-grams, min overlap {request.Options.MinOverlap})");
        if (json)
        {
            await Console.Error.WriteLineAsync(summary);
        }
        else
        {
            Console.WriteLine(summary);
        }

        return result;
    }

    private static string Describe(ContaminationKind kind) => kind switch
    {
        ContaminationKind.Exact => "exact copy",
        ContaminationKind.OneWordChanged => "one word changed",
        _ => "n-gram overlap",
    };
}
