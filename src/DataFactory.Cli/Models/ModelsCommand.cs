using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Models;

namespace DataFactory.Cli.Models;

/// <summary>
/// <c>datafactory models</c>: the models the store knows, as a lineage tree (parent, what each was
/// trained on, its runs and latest evaluation); <c>models register DIR</c> records a model folder
/// (its <c>lineage.json</c> names the parent and the training data; <c>--run</c> the runs whose export it
/// was trained on).
/// </summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per model." };
        var db = new StoreArgument();
        var command = new Command("models", "List the models in the store with their lineage (parent, training runs, evaluations).") { json };
        db.AddTo(command);
        command.Subcommands.Add(Register());
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var store = await db.OpenAsync(parse, CliSettings.Load(), create: false, token);
            await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
            var models = await new ModelStore(context).ListAsync(token);
            Console.Write(parse.GetValue(json) ? Json(models) : Tree(models));
            return 0;
        }, ct));
        return command;
    }

    private static Command Register()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The model folder." };
        var name = new Option<string?>("--name") { Description = "Name to record (default: lineage.json's name, else the folder name)." };
        var runs = new Option<Guid[]>("--run") { Description = "A run whose export the model was trained on (repeatable).", AllowMultipleArgumentsPerToken = true };
        var db = new StoreArgument();
        var command = new Command("register", "Record a model folder and its lineage in the store; prints the model id.") { directory, name, runs };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var store = await db.OpenAsync(parse, CliSettings.Load(), create: true, token);
            var registration = ModelFolderLineage.Read(parse.GetRequiredValue(directory).FullName, name: parse.GetValue(name), trainedOnRuns: parse.GetValue(runs) ?? []);
            await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
            try
            {
                Console.WriteLine(await new ModelStore(context).RegisterAsync(registration, token));
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }

            return 0;
        }, ct));
        return command;
    }

    private static string Tree(IReadOnlyList<ModelRow> models)
    {
        if (models.Count == 0)
        {
            return "no models in the store (a run, an eval or `models register` records one)\n";
        }

        var text = new StringBuilder();
        var children = models.ToLookup(m => m.ParentId);
        var known = models.Select(m => m.Id).ToHashSet();
        void Write(ModelRow model, int depth)
        {
            var pass = model.LatestMeanPassAt1 is { } p ? (p * 100).ToString("F1", CultureInfo.InvariantCulture) + " %" : "-";
            text.Append(' ', depth * 2).Append(depth > 0 ? "└ " : string.Empty)
                .AppendLine(CultureInfo.InvariantCulture, $"{model.Name}  {model.Fingerprint[..Math.Min(12, model.Fingerprint.Length)]}  created {model.CreatedAt:yyyy-MM-dd HH:mm}  runs {model.Runs}  trained on {model.TrainedOnRuns.Count} runs  evaluations {model.Evaluations}  latest mean pass@1 {pass}");
            foreach (var child in children[model.Id])
            {
                Write(child, depth + 1);
            }
        }

        foreach (var root in models.Where(m => m.ParentId is null || !known.Contains(m.ParentId.Value)))
        {
            Write(root, 0);
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<ModelRow> models)
    {
        var text = new StringBuilder();
        foreach (var m in models)
        {
            text.AppendLine(JsonSerializer.Serialize(new
            {
                id = m.Id,
                name = m.Name,
                fingerprint = m.Fingerprint,
                parent_id = m.ParentId,
                path = m.Path,
                trained_on_runs = m.TrainedOnRuns,
                training = m.Training is null ? (JsonElement?)null : JsonDocument.Parse(m.Training).RootElement,
                created_at = m.CreatedAt,
                runs = m.Runs,
                evaluations = m.Evaluations,
                latest_mean_pass_at_1 = m.LatestMeanPassAt1,
            }));
        }

        return text.ToString();
    }
}
