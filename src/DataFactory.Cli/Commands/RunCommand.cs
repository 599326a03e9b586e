using System.CommandLine;
using System.Globalization;
using DataFactory.Cli.Local;
using DataFactory.Cli.Settings;
using DataFactory.Core.Consensus;
using DataFactory.Core.Harvest;
using DataFactory.Core.Steps.Labelling;
using DataFactory.Inference.Models;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Pipeline;
using Microsoft.Extensions.Configuration;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory run --set NAME [sampling options] [--db PATH] [--local]</c>: creates a run and queues its
/// problems on the queue of its model, or with <c>--local</c> processes it in this process;
/// <c>datafactory run --resume ID</c> queues (or with <c>--local</c> processes) the problems of a run that are
/// neither queued nor finished.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var set = new Option<string?>("--set") { Description = "Problem set to run." };
        var resume = new Option<Guid?>("--resume") { Description = "Queue the problems of run ID that are neither queued nor finished (after queueing stopped part way); with --local, process its unfinished problems here." };
        var sampling = new SamplingArguments();
        var store = new StoreArgument();
        var model = new Option<string?>("--model") { Description = "Model folder the workers serve (default: DATAFACTORY__MODEL__DIRECTORY or models/tiny-reasoner)." };
        var limit = new Option<int?>("--limit") { Description = "Queue only the first N problems of the set." };
        var keepFlawed = new Option<bool>("--keep-flawed") { Description = "Store flawed traces (correct final answer, a false checkable step) marked, instead of dropping them; export includes them only with --include-flawed." };
        var keepRejected = new Option<bool>("--keep-rejected") { Description = "Also store the candidates the verifier rejected (compressed, with verdict, reason and extracted answer): the wrong side of preference pairs (export --format preference|kto) and input to regrade. Off by default to keep the store small." };
        var target = new Option<int?>("--target-verified") { Description = "Adaptive harvest: a problem stops once it has K distinct verified traces (near-duplicates count once); rounds of 8, 16, 32, ... candidates up to --budget (default 64)." };
        var budget = new Option<int?>("--budget") { Description = "Adaptive harvest: at most B candidates per problem, drawn in rounds while it is short of --target-verified (default 1); a problem that spends B with nothing verified is recorded as exhausted. Search: at most B generated tokens per problem (default 4096)." };
        var firstRound = new Option<int?>("--first-round") { Description = "Adaptive harvest: candidates in a problem's first round (default 8); each later round doubles the one before, the last cut to --budget. A smaller first round spends less on the problems that verify at once (measured in bench harvest-budget)." };
        var saturation = new Option<bool>("--saturation") { Description = "Adaptive harvest: a problem short of --target-verified also stops once its verified candidates stop finding new paths: at least K verified chains whose steps hold, and the Good-Turing estimate of new paths from its next round (round size x paths seen once / candidates drawn) below 1. Covers the problems plain adaptive covers, for fewer tokens; can find fewer distinct paths." };
        var stopOnFalseStep = new Option<bool>("--stop-on-false-step") { Description = "Flat and adaptive harvest: end a candidate at its first complete line with a claim the step checker judges false; it could only become flawed or rejected, neither stored, so its remaining tokens are saved. Not with --keep-flawed, --keep-rejected or --consensus; code is generated whole." };
        var policy = new Option<string?>("--policy") { Description = "Harvest policy: flat (the default: --samples candidates), adaptive (implied by --target-verified/--budget), label (--samples candidates, then step labels for every candidate from --rollouts rollouts per step prefix) or search (beam search over steps: --beam, --expand, --rollouts, --budget in tokens)." };
        var rollouts = new Option<int?>("--rollouts") { Description = "Label policy: rollouts continuing each step prefix (default 8); a prefix's soft label is the share whose answer verifies, its hard label whether any does. Search: rollouts from each surviving partial trace, the share that verifies ranks the beam (default 0: step checks alone; 4 where the kind has no step checker)." };
        var labelSearch = new Option<string?>("--label-search") { Description = "Label policy: bisect (the default: a binary search for the first error bracketed from the start, only visited prefixes rolled out, a probe's rollouts stopping at the first verified chunk), midpoint (OmegaPRM's plain binary search) or exhaustive (every prefix)." };
        var beam = new Option<int?>("--beam") { Description = "Search: partial traces kept between expansions, w (default 4)." };
        var expand = new Option<int?>("--expand") { Description = "Search: next steps drawn from each partial trace of the beam, b (default 4)." };
        var consensus = new Option<bool>("--consensus") { Description = "Label problems without a gold answer (math, exact, multiple-choice) by their majority final answer, grouped by the verifier's equivalence; agreeing traces are stored marked consensus-labelled and exported only with --include-consensus. Problems with a gold answer are verified against it as usual." };
        var minVotes = new Option<int?>("--min-votes") { Description = $"Consensus: least candidates agreeing on the majority answer (default {ConsensusSettings.DefaultMinVotes})." };
        var minShare = new Option<double?>("--min-share") { Description = $"Consensus: least share of the problem's candidates, unparseable ones included, agreeing on the majority answer (0 to 1, default {ConsensusSettings.DefaultMinShare.ToString(CultureInfo.InvariantCulture)})." };
        var maxPerProblem = new Option<int?>("--max-per-problem") { Description = "Store at most Q traces per problem, each a distinct path (near-duplicates, as MinHash judges them, are not stored twice)." };
        var local = new Option<bool>("--local") { Description = "Process the run in this process (in-memory queue, the worker's pipeline, progress here) and exit when it is done; no broker needed." };
        var command = new Command("run", "Create a run over a problem set and queue its problems for the workers of its model (or process it here with --local; or, with --resume, finish one); prints the run id first.") { set, model, limit, keepFlawed, keepRejected, policy, target, budget, firstRound, saturation, stopOnFalseStep, rollouts, labelSearch, beam, expand, consensus, minVotes, minShare, maxPerProblem, local, resume };
        sampling.AddTo(command);
        store.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var configuration = CliSettings.Load();

            // Settings first: a mistake in them is a usage error, whatever the store.
            var drawn = sampling.Read(parse);
            var harvest = Harvest(
                parse.GetValue(policy), parse.GetValue(target), parse.GetValue(budget), drawn.Samples,
                parse.GetValue(rollouts), parse.GetValue(labelSearch), parse.GetValue(beam), parse.GetValue(expand)) with
            {
                Consensus = Consensus(parse.GetValue(consensus), parse.GetValue(minVotes), parse.GetValue(minShare)),
                MaxPerProblem = parse.GetValue(maxPerProblem),
                Saturation = parse.GetValue(saturation),
                StopOnFalseStep = parse.GetValue(stopOnFalseStep),
            };
            if (parse.GetValue(firstRound) is { } first)
            {
                harvest = harvest.Policy == HarvestPolicyKind.Adaptive
                    ? harvest with { FirstRound = first }
                    : throw new CliException("--first-round belongs to the adaptive policy (--target-verified, --budget or --policy adaptive).");
            }

            if (harvest.Validate() is { } invalid)
            {
                throw new CliException(invalid + ".");
            }

            var keepsFlawed = parse.GetValue(keepFlawed) || configuration.GetValue<bool>("DataFactory:Curation:KeepFlawed");
            var keepsRejected = parse.GetValue(keepRejected) || configuration.GetValue<bool>("DataFactory:Curation:KeepRejected");
            if (harvest.StopOnFalseStep && (keepsFlawed || keepsRejected))
            {
                throw new CliException($"--stop-on-false-step cuts candidates short at their first false step: it cannot be combined with {(keepsFlawed ? "--keep-flawed" : "--keep-rejected")} (or its setting), which stores those candidates.");
            }

            var options = await store.OpenAsync(parse, configuration, create: false, token);
            var modelDirectory = CliSettings.ResolveModelDirectory(parse.GetValue(model), configuration);
            if (parse.GetValue(resume) is { } resumed)
            {
                if (parse.GetValue(set) is not null || parse.GetValue(target) is not null || parse.GetValue(budget) is not null || parse.GetValue(policy) is not null || parse.GetValue(firstRound) is not null
                    || parse.GetValue(rollouts) is not null || parse.GetValue(labelSearch) is not null || parse.GetValue(beam) is not null || parse.GetValue(expand) is not null
                    || parse.GetValue(consensus) || parse.GetValue(maxPerProblem) is not null || parse.GetValue(saturation) || parse.GetValue(stopOnFalseStep))
                {
                    throw new CliException("--resume continues an existing run with its own settings; it takes no --set, --policy, --target-verified, --budget, --first-round, --rollouts, --label-search, --beam, --expand, --saturation, --stop-on-false-step, --consensus or --max-per-problem.");
                }

                return parse.GetValue(local)
                    ? await ResumeLocalAsync(options, modelDirectory, resumed, token)
                    : await RunResume.ExecuteAsync(options, CliSettings.Broker(configuration), CliSettings.Worker(configuration), resumed, token);
            }

            var setName = parse.GetValue(set) ?? throw new CliException("--set is required (or --resume ID).");
            var request = new RunRequest
            {
                SetName = setName,
                Model = await RunModelIdentity.ResolveAsync(modelDirectory, configuration, token),
                Sampling = drawn,
                Harvest = harvest,
                MaxProblems = parse.GetValue(limit),
                KeepFlawed = keepsFlawed,
                KeepRejected = keepsRejected,
            };

            // On stderr: stdout carries only the run id, for scripts.
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"seed {drawn.Seed}{(sampling.SeedGiven(parse) ? "" : " (drawn at random; --seed " + drawn.Seed.ToString(CultureInfo.InvariantCulture) + " reproduces this run)")}; harvest {request.Harvest!.Describe()}"));
            if (parse.GetValue(local))
            {
                return await RunLocalAsync(options, modelDirectory, request, token);
            }

            var broker = CliSettings.Broker(configuration);
            var worker = CliSettings.Worker(configuration);
            var run = await CreateAsync(options, request, token);

            // The id first, so that a user can resume the run whatever happens while it is queued.
            Console.WriteLine(run.RunId);
            await RunDispatch.SendAsync(options, broker, new RunQueueing(run.RunId, request.Model.Hash, run.ProblemIds, run.ProblemIds), worker.ProblemsPerMessage, token);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>
    /// The harvest policy the flags name: <c>--policy</c> when given; else adaptive when --target-verified or --budget is
    /// given, else flat best-of-n. A flag of another policy is a usage error.
    /// </summary>
    public static HarvestSettings Harvest(
        string? policy, int? targetVerified, int? budget, int samples, int? rollouts = null, string? labelSearch = null, int? beam = null, int? expand = null)
    {
        var kind = policy?.Trim().ToLowerInvariant() switch
        {
            null => targetVerified is null && budget is null ? HarvestPolicyKind.Flat : HarvestPolicyKind.Adaptive,
            "flat" or "best-of-n" => HarvestPolicyKind.Flat,
            "adaptive" => HarvestPolicyKind.Adaptive,
            "label" => HarvestPolicyKind.Label,
            "search" => HarvestPolicyKind.Search,
            _ => throw new CliException($"--policy '{policy}' is not flat, adaptive, label or search."),
        };
        if (kind is not (HarvestPolicyKind.Adaptive or HarvestPolicyKind.Search) && (targetVerified is not null || budget is not null))
        {
            throw new CliException("--target-verified and --budget belong to the adaptive and search policies.");
        }

        if (kind is not (HarvestPolicyKind.Label or HarvestPolicyKind.Search) && rollouts is not null)
        {
            throw new CliException("--rollouts belongs to --policy label or search.");
        }

        if (kind != HarvestPolicyKind.Label && labelSearch is not null)
        {
            throw new CliException("--label-search belongs to --policy label.");
        }

        if (kind != HarvestPolicyKind.Search && (beam is not null || expand is not null))
        {
            throw new CliException("--beam and --expand belong to --policy search.");
        }

        var harvest = kind switch
        {
            HarvestPolicyKind.Adaptive => HarvestSettings.Adaptive(targetVerified ?? 1, budget ?? HarvestSettings.DefaultBudget),
            HarvestPolicyKind.Label => HarvestSettings.Label(
                samples,
                rollouts ?? HarvestSettings.DefaultRollouts,
                labelSearch is null ? LabelSearch.Bisect : StepLabelNames.ParseSearch(labelSearch) ?? throw new CliException($"--label-search '{labelSearch}' is not bisect, midpoint or exhaustive.")),
            HarvestPolicyKind.Search => HarvestSettings.Search(
                beam ?? HarvestSettings.DefaultBeam, expand ?? HarvestSettings.DefaultExpand, budget ?? HarvestSettings.DefaultSearchBudget, rollouts ?? 0, targetVerified ?? 1),
            _ => HarvestSettings.Flat(samples),
        };
        return harvest.Validate() is { } invalid ? throw new CliException(invalid + ".") : harvest;
    }

    /// <summary>The consensus settings the flags name, or null without --consensus.</summary>
    public static ConsensusSettings? Consensus(bool consensus, int? minVotes, double? minShare)
    {
        if (!consensus)
        {
            return minVotes is null && minShare is null
                ? null
                : throw new CliException("--min-votes and --min-share apply to a consensus run; add --consensus.");
        }

        return new ConsensusSettings
        {
            MinVotes = minVotes ?? ConsensusSettings.DefaultMinVotes,
            MinShare = minShare ?? ConsensusSettings.DefaultMinShare,
        };
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

    /// <summary>Creates the run in the store.</summary>
    public static async Task<RunCreated> CreateAsync(StoreOptions store, RunRequest request, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        return await new RunStore(context).CreateRunAsync(request, cancellationToken);
    }

    /// <summary>One line that sums up a finished run, for the terminal.</summary>
    public static string Summary(RunSummary s) => string.Create(
        CultureInfo.InvariantCulture,
        $"run {s.RunId} {s.Status.ToString().ToLowerInvariant()}: {s.ProblemsDone} problems done, {s.ProblemsFailed} failed, {s.ProblemsExhausted} exhausted{(s.Harvest.Saturation ? $", {s.ProblemsSaturated} saturated" : "")}; {s.Candidates} candidates, {s.Verified} correct ({s.Flawed} flawed){(s.Harvest.StopOnFalseStep ? $", {s.Stopped} stopped at a false step" : "")}, {s.Traces} traces stored{(s.KeepRejected ? $", {s.Rejected} rejected candidates kept" : "")}, {s.Duplicates} duplicates of stored traces{(s.Harvest.Policy == HarvestPolicyKind.Label ? $"; {s.LabelledCandidates} candidates labelled ({s.LabelledSteps} steps, {s.Rollouts} rollouts)" : "")}{(s.Harvest.Consensus is null ? "" : $"; {s.ProblemsLabelled} problems labelled by consensus, {s.ConsensusTraces} consensus-labelled traces")}; {s.Tokens} tokens in {s.GenerationSeconds:F1} s of generation ({(s.TokensPerSecond is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "-")} tokens/s)");

    private static async Task<int> RunLocalAsync(StoreOptions store, string modelDirectory, RunRequest request, CancellationToken cancellationToken)
    {
        // The worker (and its start checks) comes first, so that a bad model or setting leaves no run behind.
        await using var factory = await LocalFactory.StartAsync(store, modelDirectory, new Dictionary<string, string?>(), cancellationToken);
        var run = await CreateAsync(store, request, cancellationToken);
        Console.WriteLine(run.RunId);
        var queueing = new RunQueueing(run.RunId, request.Model.Hash, run.ProblemIds, run.ProblemIds);
        return await ProcessLocalAsync(factory, queueing, request.SetName, cancellationToken);
    }

    private static async Task<int> ResumeLocalAsync(StoreOptions store, string modelDirectory, Guid runId, CancellationToken cancellationToken)
    {
        await using var factory = await LocalFactory.StartAsync(store, modelDirectory, new Dictionary<string, string?>(), cancellationToken);
        RunQueueing queueing;
        RunSummary run;
        await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
        {
            // In memory, what was queued but not finished went with the process that queued it.
            queueing = await new RunStore(context).GetQueueingAsync(runId, requeueUnfinished: true, cancellationToken);
            run = await new RunStore(context).GetRunAsync(runId, cancellationToken) ?? throw new CliException($"no run {runId}.");
        }

        await Console.Error.WriteLineAsync($"run {runId}: {queueing.ProblemIds.Count} problems, {queueing.ProblemIds.Count - queueing.Pending.Count} finished, {queueing.Pending.Count} to process");
        Console.WriteLine(runId);
        return await ProcessLocalAsync(factory, queueing, run.SetName, cancellationToken);
    }

    private static async Task<int> ProcessLocalAsync(LocalFactory factory, RunQueueing queueing, string setName, CancellationToken cancellationToken)
    {
        try
        {
            var summary = await factory.ProcessAsync(queueing, RunProgress.OnConsole($"run {setName}"), cancellationToken);
            await Console.Error.WriteLineAsync(Summary(summary));
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"run {queueing.RunId} stopped; its unfinished problems stay unattempted: datafactory run --resume {queueing.RunId} --local processes them");
            throw;
        }
    }
}
