using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Inference.Models;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Pipeline;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory run --set NAME [sampling options]</c>: creates a run and queues its problems on the queue
/// of its model; <c>datafactory run --resume ID</c> queues the problems of a run that are neither queued nor
/// finished (after a broker failure mid-send).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var set = new Option<string?>("--set") { Description = "Problem set to run." };
        var resume = new Option<Guid?>("--resume") { Description = "Queue the problems of run ID that are neither queued nor finished (after queueing stopped part way); nothing when there are none." };
        var sampling = new SamplingArguments();
        var model = new Option<string?>("--model") { Description = "Model folder the workers serve (default: DATAFACTORY__MODEL__DIRECTORY or models/tiny-reasoner)." };
        var limit = new Option<int?>("--limit") { Description = "Queue only the first N problems of the set." };
        var command = new Command("run", "Create a run over a problem set and queue its problems for the workers of its model (or, with --resume, finish queueing one); prints the run id first.") { set, model, limit, resume };
        sampling.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var configuration = CliSettings.Load();
            var store = CliSettings.Store(configuration);
            var broker = CliSettings.Broker(configuration);
            var worker = CliSettings.Worker(configuration);
            if (parse.GetValue(resume) is { } resumed)
            {
                if (parse.GetValue(set) is not null)
                {
                    throw new CliException("--resume continues an existing run; it takes no --set.");
                }

                return await RunResume.ExecuteAsync(store, broker, worker, resumed, token);
            }

            var setName = parse.GetValue(set) ?? throw new CliException("--set is required (or --resume ID).");
            var modelDirectory = CliSettings.ResolveModelDirectory(parse.GetValue(model), configuration);
            var request = new RunRequest
            {
                SetName = setName,
                Model = Identity(modelDirectory, CliSettings.ModelVariant(configuration)),
                Sampling = sampling.Read(parse),
                MaxProblems = parse.GetValue(limit),
            };

            RunCreated run;
            await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
            {
                run = await new RunStore(context).CreateRunAsync(request, token);
            }

            // The id first, so that a user can resume the run whatever happens while it is queued.
            Console.WriteLine(run.RunId);
            await RunDispatch.SendAsync(store, broker, new RunQueueing(run.RunId, request.Model.Hash, run.ProblemIds, run.ProblemIds), worker.ProblemsPerMessage, token);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The run's model identity: folder name, full path and the fingerprint of the folder with the variant the workers load.</summary>
    /// <exception cref="CliException">The folder has no such decoder (a variant that is not there, say).</exception>
    public static ModelIdentity Identity(string modelDirectory, string? variant)
    {
        try
        {
            return new(Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDirectory)), modelDirectory, ModelFingerprint.Compute(modelDirectory, variant));
        }
        catch (ModelLoadException e)
        {
            throw new CliException(e.Message);
        }
    }
}
