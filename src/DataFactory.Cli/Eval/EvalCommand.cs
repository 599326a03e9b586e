using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataFactory.Cli.Commands;
using DataFactory.Cli.Models;
using DataFactory.Cli.Settings;
using DataFactory.Core.Formats;
using DataFactory.Core.Consensus;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Sandbox;
using DataFactory.Storage;
using DataFactory.Storage.Models;
using DataFactory.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Cli.Eval;

/// <summary>
/// <c>datafactory eval (FILE | --set S) --model DIR [--samples k] [--seed S] [--json]</c>: pass@1 (unbiased,
/// from k samples), pass@k and greedy accuracy per task kind on a held-out set. With a store
/// (<c>--set</c>, <c>--db</c> or <c>--store</c>) the model is registered, a warning counts the evaluated
/// problems that share content with what the model's lineage was trained on, and the figures are
/// stored as an evaluation; with a FILE alone nothing is stored and no server is needed. Stores no traces.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo[]>("FILE") { Description = "Problem files (JSON Lines, any import format; each file is read on its own); or use --set.", Arity = ArgumentArity.ZeroOrMore };
        var set = new Option<string?>("--set") { Description = "Evaluate a problem set of the store instead of a file." };
        var engine = new GenerateEngineOptions();
        var samples = new Option<int>("--samples", "-k") { Description = "Samples per problem (k of pass@k).", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed and settings give the same figures.", DefaultValueFactory = _ => 1234UL };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature of the k samples (greedy is also measured).", DefaultValueFactory = _ => 0.8f };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Maximum new tokens per candidate.", DefaultValueFactory = _ => 384 };
        var perKind = new Option<int>("--problems") { Description = "At most this many problems per task kind, the first in file or id order (0: all)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per task kind instead of the table." };
        var useStore = new Option<bool>("--store") { Description = "Record the evaluation in the configured database (implied by --set and --db)." };
        var db = new StoreArgument();
        var command = new Command("eval", "Measure a model on held-out problems: pass@1, pass@k and greedy accuracy per task kind.")
        {
            file, set, samples, seed, temperature, maxTokens, perKind, json, useStore,
        };
        engine.AddTo(command);
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var files = (parse.GetValue(file) ?? []).Select(f => f.FullName).ToArray();
            var setName = parse.GetValue(set);
            if ((files.Length == 0) == (setName is null))
            {
                throw new CliException("give either FILE... or --set NAME.");
            }

            var path = files.Length == 0 ? null : string.Join(", ", files);

            var k = parse.GetValue(samples);
            var limit = parse.GetValue(perKind);
            if (k < 1 || parse.GetValue(maxTokens) < 1 || parse.GetValue(temperature) < 0 || limit < 0)
            {
                throw new CliException("out of range: --samples >= 1, --max-tokens >= 1, --temperature >= 0, --problems >= 0.");
            }

            var configuration = CliSettings.Load();
            var engineOptions = engine.Read(parse);
            var settings = new EvalSettings(engineOptions, k, parse.GetValue(seed), parse.GetValue(temperature), parse.GetValue(maxTokens), ProblemsPerCall: Math.Max(1, 64 / k));
            StoreOptions? store = setName is not null || db.Path(parse) is not null || parse.GetValue(useStore)
                ? await db.OpenAsync(parse, configuration, create: path is not null, token)
                : null;
            var loaded = files.Length > 0 ? files.SelectMany(ReadFile).ToList() : await ReadSetAsync(store!, setName!, token);

            // A consensus set's problems without a gold answer cannot be scored: left out, not counted wrong.
            var ungraded = loaded.RemoveAll(ConsensusVote.Applies);
            if (ungraded > 0)
            {
                await Console.Error.WriteLineAsync($"warning: {ungraded} problems without a gold answer (imported for consensus) are left out: eval scores against gold answers");
            }

            var problems = PerKind(loaded, limit);
            if (problems.Count == 0)
            {
                throw new CliException($"no problems to evaluate in {(path ?? "set " + setName)}.");
            }

            Guid? modelId = null;
            var shared = 0;
            if (store is not null)
            {
                (modelId, shared) = await RegisterAsync(store, engineOptions.ModelDirectory, engineOptions.ModelFileName, problems, token);
            }

            var verifiers = VerifierRegistry.CreateDefault(new BubblewrapTestRunner(CliSettings.Sandbox(configuration)));
            var scores = EvalRunner.Run(settings, problems, verifiers, Console.Error, token);
            if (parse.GetValue(json))
            {
                foreach (var line in EvalReport.JsonLines(scores))
                {
                    Console.WriteLine(line);
                }
            }
            else
            {
                Console.Write(EvalReport.Table(scores, k));
            }

            if (store is not null && modelId is { } id)
            {
                await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
                await new EvaluationStore(context).AddAsync(
                    new EvaluationEntity
                    {
                        Id = Guid.CreateVersion7(),
                        ModelId = id,
                        Source = path is null ? "set:" + setName : path.Length <= 1000 ? path : path[..1000],
                        Problems = problems.Count,
                        Settings = JsonSerializer.Serialize(new { samples = k, seed = settings.Seed, temperature = settings.Temperature, max_tokens = settings.MaxTokens, problems_per_kind = limit }),
                        Figures = EvalReport.JsonArray(scores),
                        MeanPassAt1 = scores.Average(s => s.PassAt1),
                        SharedWithTraining = shared,
                        CreatedAt = DateTimeOffset.UtcNow,
                    },
                    token);
                Console.Error.WriteLine($"evaluation stored for model {id}");
            }

            return 0;
        }, ct));
        return command;
    }

    private static async Task<(Guid ModelId, int Shared)> RegisterAsync(
        StoreOptions store, string modelDirectory, string? variant, IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        var registration = ModelFolderLineage.Read(modelDirectory, variant);
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var models = new ModelStore(context);
        var id = await models.RegisterAsync(registration, cancellationToken);
        var runs = await models.LineageRunsAsync(id, cancellationToken);
        var shared = await models.CountSharedAsync(problems.ToList(), runs, cancellationToken);
        if (shared > 0)
        {
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"warning: {shared} of {problems.Count} evaluated problems share content with problems the model's lineage was trained on ({runs.Count} runs): these figures are not held-out."));
        }

        return (id, shared);
    }

    private static List<Problem> ReadFile(string path) => ProblemFileReader.Read(path, new ImportOptions()).Problems.ToList();

    private static async Task<List<Problem>> ReadSetAsync(StoreOptions store, string setName, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var setId = await context.ProblemSets.AsNoTracking().Where(s => s.Name == setName).Select(s => (long?)s.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new CliException($"no problem set named '{setName}' in the store.");
        var entities = await context.Problems.AsNoTracking().Where(p => p.SetId == setId).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return entities.Select(p => p.ToProblem()).ToList();
    }

    private static List<Problem> PerKind(List<Problem> problems, int limit) =>
        limit == 0 ? problems : problems.GroupBy(p => p.Kind).SelectMany(g => g.Take(limit)).ToList();
}
