using System.CommandLine;
using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Models;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory bench generate</c>: generated tokens/s of the engine and of transformers.js on the same prompts,
/// settings and machine in one run, achieved FLOP/s against the measured MatMul peak, and sampling time at a
/// 150k vocabulary; writes the figures to a markdown file.
/// </summary>
internal static class BenchGenerateCommand
{
    // Qwen2.5-0.5B: the smallest common model with a vocabulary this large (151,936 tokens).
    private const long ReferenceParameters = 494_032_768;

    public static Command Create()
    {
        var engine = new GenerateEngineOptions();
        var problems = new Option<int[]>("--problems") { Description = "Problem counts to measure", DefaultValueFactory = _ => [1, 8, 16], AllowMultipleArgumentsPerToken = true };
        var repetitions = new Option<int>("--repetitions") { Description = "Times each configuration runs on each side, alternating", DefaultValueFactory = _ => 3 };
        var jsBatchRows = new Option<int[]>("--js-batch-rows")
        {
            Description = "Rows per transformers.js generate call to measure; 0 = all of a configuration's rows in one call",
            DefaultValueFactory = _ => [64, 0],
            AllowMultipleArgumentsPerToken = true,
        };
        var samples = new Option<int>("--samples") { Description = "Candidates per problem", DefaultValueFactory = _ => 16 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "New tokens per candidate", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Softmax temperature", DefaultValueFactory = _ => 0.8f };
        var topK = new Option<int>("--top-k") { Description = "Top-k on both sides (transformers.js' default is 50)", DefaultValueFactory = _ => 50 };
        var chat = new Option<bool>("--chat") { Description = "Render prompts through the model's chat template" };
        var output = new Option<string>("--output") { Description = "Results file", DefaultValueFactory = _ => Path.Combine("benchmarks", "results", "generate.md") };
        var script = new Option<string>("--transformers-js") { Description = "Folder of the transformers.js script", DefaultValueFactory = _ => Path.Combine("benchmarks", "transformersjs") };
        var skipJs = new Option<bool>("--skip-transformers-js") { Description = "Measure the engine only" };
        var vocabulary = new Option<int>("--sampling-vocabulary") { Description = "Vocabulary of the synthetic sampling measurement", DefaultValueFactory = _ => 150_000 };

        var command = new Command("generate", "Generated tokens/s of the engine against transformers.js; writes benchmarks/results/generate.md.");
        engine.AddTo(command);
        foreach (var option in (Option[])[problems, repetitions, jsBatchRows, samples, maxTokens, temperature, topK, chat, output, script, skipJs, vocabulary])
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new BenchSettings(
                engine.Read(parse),
                parse.GetValue(problems) ?? [1, 8, 16],
                new SamplingOptions
                {
                    Samples = parse.GetValue(samples),
                    MaxNewTokens = parse.GetValue(maxTokens),
                    Temperature = parse.GetValue(temperature),
                    TopK = parse.GetValue(topK),
                    Seed = 20_240_601,
                },
                parse.GetValue(chat),
                parse.GetRequiredValue(output),
                parse.GetValue(skipJs) ? null : parse.GetRequiredValue(script),
                parse.GetValue(vocabulary),
                Math.Max(1, parse.GetValue(repetitions)),
                parse.GetValue(jsBatchRows) ?? [64, 0]);
            try
            {
                return Task.FromResult(Run(settings, cancellationToken));
            }
            catch (Exception ex) when (ex is ModelLoadException or TokenizerException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(2);
            }
        });
        return command;
    }

    private static int Run(BenchSettings settings, CancellationToken cancellationToken)
    {
        var progress = Console.Error;
        var startedAt = DateTime.UtcNow;
        var loadBefore = BenchReport.LoadAverage();
        var commit = BenchReport.Commit();
        using var engine = new GenerationEngine(settings.Engine, new GenerateLogger());
        var largest = settings.Problems.Max();
        if (largest > BenchPrompts.All.Count)
        {
            throw new ArgumentException($"At most {BenchPrompts.All.Count} problems.");
        }

        var requests = BenchPrompts.All.Take(largest).Select((prompt, i) => new GenerationRequest($"bench-{i}", prompt, settings.Chat)).ToArray();
        engine.Generate([requests[0]], settings.Sampling with { Samples = 2, MaxNewTokens = 4 }, cancellationToken);

        using var js = settings.TransformersJs is { } folder ? StartTransformersJs(engine, settings, requests, folder, progress, cancellationToken) : null;
        var ours = new List<BenchRunResult>();
        var theirs = new List<BenchRunResult>();
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            foreach (var count in settings.Problems)
            {
                // ABAB…: the engine goes first in odd repetitions, transformers.js in even ones, so load drift hits both.
                if (repetition % 2 == 0)
                {
                    ours.Add(MeasureEngine(engine, settings, requests, count, repetition, progress, cancellationToken));
                }

                if (js is not null)
                {
                    foreach (var batchRows in JsBatchRows(settings, count))
                    {
                        progress.WriteLine($"bench: transformers.js, {count} problems × {settings.Sampling.Samples} candidates, {batchRows}-row batches, repetition {repetition + 1}/{settings.Repetitions}");
                        theirs.Add(js.Measure(count, batchRows, cancellationToken));
                    }
                }

                if (repetition % 2 == 1)
                {
                    ours.Add(MeasureEngine(engine, settings, requests, count, repetition, progress, cancellationToken));
                }
            }
        }

        progress.WriteLine("bench: MatMul peak and sampling at a large vocabulary");
        var threads = settings.Engine.IntraOpThreads > 0 ? settings.Engine.IntraOpThreads : Environment.ProcessorCount;
        var peak = BenchMatmulTimer.PeakFlops(threads);
        var samplingFigures = MeasureSampling(engine, settings, ours, threads, peak);

        var report = BenchReport.Write(engine, settings, ours, theirs, peak, samplingFigures, new BenchConditions(startedAt, loadBefore, commit));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Output))!);
        File.WriteAllText(settings.Output, report);
        Console.Out.Write(report);
        progress.WriteLine($"bench: wrote {settings.Output}");
        return 0;
    }

    // A configuration's distinct transformers.js batch sizes: a size at or above its rows is the same run as "all rows".
    private static IEnumerable<int> JsBatchRows(BenchSettings settings, int problems)
    {
        var rows = problems * settings.Sampling.Samples;
        return settings.TransformersJsBatchRows.Select(b => b <= 0 || b >= rows ? rows : b).Distinct().Order();
    }

    private static BenchTransformersJs StartTransformersJs(
        GenerationEngine engine, BenchSettings settings, GenerationRequest[] requests, string folder, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine("bench: starting transformers.js (same prompts and settings)");
        var prompts = requests.Select(engine.EncodePrompt).ToArray();
        var dtype = Path.GetFileNameWithoutExtension(engine.ModelInfo.OnnxPath) switch
        {
            "model" => "fp32",
            var name when name.StartsWith("model_", StringComparison.Ordinal) => name["model_".Length..],
            var name => throw new ArgumentException($"transformers.js cannot load '{name}.onnx' by dtype."),
        };
        var pad = engine.Tokenizer.PadTokenId ?? engine.EosTokenIds.Min();
        var workload = BenchTransformersJs.Workload(
            settings.Engine.ModelDirectory, dtype, prompts, settings.Sampling.Samples,
            settings.Sampling.MaxNewTokens, settings.Sampling.Temperature, settings.Sampling.TopK, engine.EosTokenIds, pad,
            settings.Engine.IntraOpThreads);
        return BenchTransformersJs.Start(Path.GetFullPath(folder), workload, progress, cancellationToken);
    }

    private static BenchRunResult MeasureEngine(
        GenerationEngine engine, BenchSettings settings, GenerationRequest[] requests, int count, int repetition, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"bench: engine, {count} problems × {settings.Sampling.Samples} candidates, repetition {repetition + 1}/{settings.Repetitions}");
        var before = engine.Stats;
        var start = Stopwatch.GetTimestamp();
        var results = engine.Generate(requests[..count], settings.Sampling, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var after = engine.Stats;
        var steps = after.DecodeSteps - before.DecodeSteps;
        var decode = (after.DecodeTime - before.DecodeTime).TotalSeconds;
        var sampling = (after.SamplingTime - before.SamplingTime).TotalSeconds;
        return new BenchRunResult(count, count * settings.Sampling.Samples, seconds, results.Sum(p => p.Candidates.Sum(c => (long)c.TokenCount)))
        {
            BatchRows = settings.Engine.MaxBatchRows,
            Occupancy = steps == 0 ? 0 : (double)(after.RowSteps - before.RowSteps) / steps,
            SamplingShare = sampling / (decode + sampling),
            StepSeconds = steps == 0 ? 0 : decode / steps,
        };
    }

    private static BenchSamplingFigures MeasureSampling(GenerationEngine engine, BenchSettings settings, List<BenchRunResult> ours, int threads, double peakFlops)
    {
        // Compared at the engine's mean batch occupancy of its fullest configuration, with that step's measured time.
        var fullest = ours.MaxBy(result => result.Occupancy)!;
        var rows = Math.Max(1, (int)Math.Round(fullest.Occupancy));
        var vocabulary = settings.SamplingVocabulary;
        var plain = settings.Sampling with { TopK = 0, TopP = 1 };
        var perStep = new List<(string Name, double Seconds)>();
        foreach (var peaked in (bool[])[true, false])
        {
            var shape = peaked ? "Zipf-like logits" : "flat Gaussian logits";
            perStep.Add(($"{shape}: temperature 0.8", BenchSamplingTimer.SecondsPerStep(rows, vocabulary, plain, peaked, 10)));
            perStep.Add(($"{shape}: temperature 0.8, top-k 50", BenchSamplingTimer.SecondsPerStep(rows, vocabulary, plain with { TopK = 50 }, peaked, 10)));
            perStep.Add(($"{shape}: temperature 0.8, top-p 0.95", BenchSamplingTimer.SecondsPerStep(rows, vocabulary, plain with { TopP = 0.95f }, peaked, 10)));
        }

        // A step at this vocabulary costs at least the measured step plus the larger output projection.
        var hidden = engine.ModelInfo.HiddenSize ?? 0;
        var extraHead = hidden == 0
            ? 0
            : Math.Max(0, BenchMatmulTimer.Seconds(rows, hidden, vocabulary, threads, 5) - BenchMatmulTimer.Seconds(rows, hidden, engine.ModelInfo.VocabularySize, threads, 5));
        // A real model with such a vocabulary multiplies by every one of its weights per token (the tied
        // embedding once more as the output projection): a lower bound of its step at the measured peak.
        var referenceStep = 2.0 * rows * ReferenceParameters / peakFlops;
        return new BenchSamplingFigures(rows, vocabulary, perStep, fullest.StepSeconds + extraHead, referenceStep);
    }
}
