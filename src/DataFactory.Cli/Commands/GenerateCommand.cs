using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Models;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory generate</c>: sample candidates for one prompt and print one JSON line per candidate.</summary>
internal static class GenerateCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var engine = new GenerateEngineOptions();
        var prompt = new Option<string>("--prompt") { Description = "Prompt text (the user message with --chat)", Required = true };
        var chat = new Option<bool>("--chat") { Description = "Render the prompt through the model's chat template" };
        var samples = new Option<int>("--samples") { Description = "Candidates to sample", DefaultValueFactory = _ => 1 };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy decoding (argmax)" };
        var temperature = new Option<float>("--temperature") { Description = "Softmax temperature", DefaultValueFactory = _ => 0.8f };
        var topP = new Option<float>("--top-p") { Description = "Nucleus mass in (0, 1]", DefaultValueFactory = _ => 1f };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens (0: off)" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Maximum new tokens per candidate", DefaultValueFactory = _ => 256 };
        var seed = new Option<ulong>("--seed") { Description = "Run seed", DefaultValueFactory = _ => 1234UL };
        var stop = new Option<string[]>("--stop") { Description = "Stop string (repeatable)", AllowMultipleArgumentsPerToken = false };
        var logProbs = new Option<bool>("--logprobs") { Description = "Also print each candidate's summed log-probability" };

        var command = new Command("generate", "Sample candidates for one prompt; prints one JSON line per candidate.");
        engine.AddTo(command);
        foreach (var option in (Option[])[prompt, chat, samples, greedy, temperature, topP, topK, maxTokens, seed, stop, logProbs])
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var sampling = new SamplingOptions
            {
                Samples = parse.GetValue(samples),
                Greedy = parse.GetValue(greedy),
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                TopK = parse.GetValue(topK),
                MaxNewTokens = parse.GetValue(maxTokens),
                Seed = parse.GetValue(seed),
                StopStrings = parse.GetValue(stop) ?? [],
            };
            var request = new GenerationRequest("prompt", parse.GetRequiredValue(prompt), parse.GetValue(chat));
            return Task.FromResult(Run(engine.Read(parse, parse.GetValue(logProbs)), request, sampling, cancellationToken));
        });
        return command;
    }

    private static int Run(Inference.Runtime.EngineOptions options, GenerationRequest request, SamplingOptions sampling, CancellationToken cancellationToken)
    {
        try
        {
            using var engine = new GenerationEngine(options, new GenerateLogger());
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = engine.Generate([request], sampling, cancellationToken)[0];
            var elapsed = clock.Elapsed;
            using var stdout = Console.OpenStandardOutput();
            foreach (var candidate in result.Candidates)
            {
                var line = new GenerateOutputLine(
                    candidate.Index,
                    candidate.Text,
                    candidate.TokenIds,
                    candidate.TokenCount,
                    candidate.Reason.ToString().ToLowerInvariant(),
                    candidate.Elapsed > TimeSpan.Zero ? Math.Round(candidate.TokenCount / candidate.Elapsed.TotalSeconds, 1) : 0,
                    candidate.LogProbSum);
                JsonSerializer.Serialize(stdout, line, Json);
                stdout.WriteByte((byte)'\n');
            }

            // Two rates, named: a line's tokens_per_second is one candidate's own (its tokens over the time
            // from the prompt's prefill to its end); the batch's is every candidate's tokens over the call.
            var total = result.Candidates.Sum(c => (long)c.TokenCount);
            Console.Error.WriteLine(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{result.Candidates.Count} candidates, {total} tokens in {elapsed.TotalSeconds:F2} s: {(elapsed > TimeSpan.Zero ? total / elapsed.TotalSeconds : 0):F0} tokens/s for the batch (prefill included); each line's tokens_per_second is that candidate's own rate"));
            return 0;
        }
        catch (Exception ex) when (ex is ModelLoadException or TokenizerException or Inference.Chat.ChatTemplateException or Inference.Runtime.ExecutionProviderException or ArgumentException or FileNotFoundException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
