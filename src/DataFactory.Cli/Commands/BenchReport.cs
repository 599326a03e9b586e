using System.Globalization;
using System.Text;
using DataFactory.Inference.Generation;

namespace DataFactory.Cli.Commands;

/// <summary>The markdown of <c>benchmarks/results/generate.md</c>.</summary>
internal static class BenchReport
{
    public static string Write(
        GenerationEngine engine,
        BenchSettings settings,
        IReadOnlyList<BenchRunResult> ours,
        IReadOnlyList<BenchRunResult> theirs,
        double peakFlops,
        BenchSamplingFigures sampling)
    {
        var info = engine.ModelInfo;
        var text = new StringBuilder();
        var s = settings.Sampling;
        Line(text, "# Generation benchmark");
        Line(text, string.Empty);
        Line(text, $"Made by `datafactory bench generate --model {settings.Engine.ModelDirectory}{(settings.Chat ? " --chat" : string.Empty)}` on {DateTime.UtcNow:yyyy-MM-dd} (UTC).");
        Line(text, $"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}; provider {engine.ExecutionProviderName}, intra-op threads {(settings.Engine.IntraOpThreads > 0 ? settings.Engine.IntraOpThreads.ToString(CultureInfo.InvariantCulture) : "all cores")}.");
        Line(text, $"Load average when the report was written: {LoadAverage()} (other work shares this machine; compare the two sides of one run, not runs).");
        Line(text, $"Model: `{Path.GetFileName(info.OnnxPath)}` ({info.ModelType}), {info.Layers} layers, {info.KvHeads} KV heads × {info.HeadSize}, hidden {info.HiddenSize}, vocabulary {info.VocabularySize}, KV {info.KvElementType}, logits {info.LogitsElementType}.");
        Line(text, $"Workload: {s.Samples} candidates per problem, {s.MaxNewTokens} new tokens at most, temperature {s.Temperature}, top-k {s.TopK}, top-p 1; engine batch limit {settings.Engine.MaxBatchRows} rows. Both sides get the same prompt token ids; tokens counted up to and including each candidate's end-of-sequence token.");
        Line(text, string.Empty);
        Line(text, "| problems × candidates | engine tokens/s | transformers.js tokens/s | ratio | engine tokens | transformers.js tokens | engine rows/step | sampling share of step | achieved FLOP/s | of MatMul peak |");
        Line(text, "|---|---|---|---|---|---|---|---|---|---|");
        foreach (var run in ours)
        {
            var js = theirs.FirstOrDefault(t => t.Problems == run.Problems);
            var flops = run.TokensPerSecond * info.FlopsPerToken;
            Line(
                text,
                $"| {run.Problems} × {s.Samples} | {run.TokensPerSecond:F0} | {(js is null ? "–" : js.TokensPerSecond.ToString("F0", CultureInfo.InvariantCulture))} | " +
                $"{(js is null ? "–" : (run.TokensPerSecond / js.TokensPerSecond).ToString("F2", CultureInfo.InvariantCulture) + "×")} | {run.Tokens} | {(js is null ? "–" : js.Tokens.ToString(CultureInfo.InvariantCulture))} | " +
                $"{run.Occupancy:F1} | {run.SamplingShare:P1} | {Giga(flops)} | {flops / peakFlops:P2} |");
        }

        Line(text, string.Empty);
        Line(text, $"MatMul peak (ONNX Runtime, float32, 1024³, same threads): {Giga(peakFlops)}FLOP/s. Achieved FLOP/s counts 2 FLOPs per weight per generated token ({info.FlopsPerToken:N0} per token, attention scores left out), so a tiny model is bound by per-step overhead, not arithmetic.");
        Line(text, string.Empty);
        Line(text, $"## Sampling at a {sampling.Vocabulary:N0}-token vocabulary (synthetic logits)");
        Line(text, string.Empty);
        Line(text, $"{sampling.Rows} rows per step (the engine's mean occupancy in its fullest configuration). Step time at this vocabulary = this model's measured decode step ({sampling.StepSeconds * 1000:F2} ms including the extra output-projection MatMul for {sampling.Vocabulary:N0} columns).");
        Line(text, string.Empty);
        Line(text, $"The measured model is far smaller than any model with such a vocabulary, so the last column compares with a lower bound of a real one's step: the smallest common model with such a vocabulary, Qwen2.5-0.5B (494M weights, 151,936 tokens), doing 2 FLOPs per weight per row at the measured MatMul peak and nothing else, {sampling.ReferenceHeadSeconds * 1000:F1} ms for {sampling.Rows} rows.");
        Line(text, string.Empty);
        Line(text, "| sampling | ms per step | share of this model's step | share of a Qwen2.5-0.5B step (lower bound) |");
        Line(text, "|---|---|---|---|");
        foreach (var (name, seconds) in sampling.PerStep)
        {
            Line(text, $"| {name} | {seconds * 1000:F2} | {seconds / (sampling.StepSeconds + seconds):P1} | {seconds / (sampling.ReferenceHeadSeconds + seconds):P1} |");
        }

        return text.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Giga(double flops) => flops >= 1e9
        ? (flops / 1e9).ToString("F1", CultureInfo.InvariantCulture) + " G"
        : (flops / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " M";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
