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
        BenchSamplingFigures sampling,
        BenchConditions conditions)
    {
        var info = engine.ModelInfo;
        var text = new StringBuilder();
        var s = settings.Sampling;
        Line(text, "# Generation benchmark");
        Line(text, string.Empty);
        Line(text, $"Made by `datafactory bench generate --model {settings.Engine.ModelDirectory}{(settings.Chat ? " --chat" : string.Empty)}` on {conditions.StartedAt:yyyy-MM-dd HH:mm} UTC at commit {conditions.Commit}.");
        Line(text, $"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}; provider {engine.ExecutionProviderName}, intra-op threads {(settings.Engine.IntraOpThreads > 0 ? settings.Engine.IntraOpThreads.ToString(CultureInfo.InvariantCulture) : "all cores")} on both sides.");
        Line(text, $"Load average before the run {conditions.LoadBefore}, when the report was written {LoadAverage()} (other work shares this machine; the two sides alternate, so the load hits both).");
        Line(text, $"Model: `{Path.GetFileName(info.OnnxPath)}` ({info.ModelType}), {info.Layers} layers, {info.KvHeads} KV heads × {info.HeadSize}, hidden {info.HiddenSize}, vocabulary {info.VocabularySize}, KV {info.KvElementType}, logits {info.LogitsElementType}.");
        Line(text, $"Workload: {s.Samples} candidates per problem, {s.MaxNewTokens} new tokens at most, temperature {s.Temperature.ToString(CultureInfo.InvariantCulture)}, top-k {s.TopK}, top-p 1, seed {s.Seed}. Both sides get the same prompt token ids; tokens counted up to and including each candidate's end-of-sequence token.");
        Line(text, $"Batching: the engine decodes in waves of up to {settings.Engine.MaxBatchRows} rows (whole problems, their prompts prefilled once and shared by their candidates; a finished row leaves the step, and its place waits for the next wave). transformers.js generates static batches: measured with each size of --js-batch-rows ({string.Join(", ", settings.TransformersJsBatchRows.Select(b => b <= 0 ? "all of a configuration's rows in one call, its own way" : $"{b} rows"))}); a size at or above a configuration's rows is the same run as one call. The table gives the {settings.Engine.MaxBatchRows}-row figure (the engine's limit) and the best size tried in each configuration.");
        Line(text, $"Configurations: {string.Join(" / ", settings.Problems)} problems × {s.Samples} candidates. The default is 1 / 8 / 16, reduced from the 1 / 8 / 32 of earlier files so that three interleaved repetitions of both sides fit a shared 2-core machine in about ten minutes (`--problems 1 8 32` measures the larger one; 32 × 16 rows in one transformers.js call took over a minute per run).");
        Line(text, $"Order: {settings.Repetitions} repetitions; in each, configuration by configuration, the engine and transformers.js run one after the other, the engine first in odd repetitions and transformers.js first in even ones (ABAB…). Figures are the median over repetitions with min–max; ratios are ratios of medians.");
        Line(text, string.Empty);
        Line(text, $"| problems × candidates | engine tokens/s | transformers.js tokens/s, {settings.Engine.MaxBatchRows}-row batches | ratio | transformers.js best batch (rows): tokens/s | ratio to its best | engine tokens | engine rows/step | sampling share of step | achieved FLOP/s | of MatMul peak |");
        Line(text, "|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var count in settings.Problems)
        {
            var mine = ours.Where(r => r.Problems == count).ToArray();
            var engineRate = Median(mine.Select(r => r.TokensPerSecond));
            var typical = mine.OrderBy(r => r.TokensPerSecond).ElementAt(mine.Length / 2);
            var flops = engineRate * info.FlopsPerToken;
            var bySize = theirs.Where(t => t.Problems == count).GroupBy(t => t.BatchRows).ToDictionary(g => g.Key, g => g.ToArray());
            var rows = count * s.Samples;
            var limitSize = Math.Min(settings.Engine.MaxBatchRows, rows);
            var atLimit = bySize.GetValueOrDefault(limitSize);
            KeyValuePair<int, BenchRunResult[]>? best = bySize.Count == 0 ? null : bySize.MaxBy(pair => Median(pair.Value.Select(r => r.TokensPerSecond)));
            Line(
                text,
                $"| {count} × {s.Samples} | {Describe(mine)} | {(atLimit is null ? "–" : Describe(atLimit))} | {(atLimit is null ? "–" : Ratio(engineRate, atLimit))} | " +
                $"{(best is not { } b ? "–" : $"{b.Key}: {Describe(b.Value)}")} | {(best is not { } b2 ? "–" : Ratio(engineRate, b2.Value))} | " +
                $"{typical.Tokens} | {typical.Occupancy:F1} | {typical.SamplingShare:P1} | {Giga(flops)} | {flops / peakFlops:P2} |");
        }

        if (theirs.Count > 0)
        {
            var worst = settings.Problems.Min(count => Median(ours.Where(r => r.Problems == count).Select(r => r.TokensPerSecond))
                / theirs.Where(t => t.Problems == count).GroupBy(t => t.BatchRows).Max(g => Median(g.Select(r => r.TokensPerSecond))));
            Line(text, string.Empty);
            Line(text, $"Target ≥ 2× transformers.js at {s.Samples} candidates, against its best batch size in every configuration: {(worst >= 2 ? "met" : "NOT met")} (lowest ratio {worst.ToString("F2", CultureInfo.InvariantCulture)}×).");
        }

        Line(text, string.Empty);
        Line(text, "Every run, in the order made (tokens/s; tokens):");
        Line(text, string.Empty);
        Line(text, "| problems × candidates | side | batch rows | runs |");
        Line(text, "|---|---|---|---|");
        foreach (var count in settings.Problems)
        {
            Line(text, $"| {count} × {s.Samples} | engine | waves of ≤ {settings.Engine.MaxBatchRows} | {Runs(ours.Where(r => r.Problems == count))} |");
            foreach (var group in theirs.Where(t => t.Problems == count).GroupBy(t => t.BatchRows).OrderBy(g => g.Key))
            {
                Line(text, $"| {count} × {s.Samples} | transformers.js | {group.Key}{(group.Key == count * s.Samples ? " (all rows)" : string.Empty)} | {Runs(group)} |");
            }
        }

        Line(text, string.Empty);
        Line(text, "Engine rows/step, sampling share and FLOP/s are those of the engine's median run. The two sides sample differently (same settings, different random streams), so their token counts differ a little.");
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

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The commit the working tree is at (short hash, "+ uncommitted changes" when tracked files other than results files differ), or "unknown".</summary>
    public static string Commit()
    {
        try
        {
            var head = Git("rev-parse --short HEAD");
            return Git("status --porcelain --untracked-files=no -- . \":(exclude)benchmarks/results\"").Length == 0 ? head : head + " + uncommitted changes";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "unknown (no git repository here)";
        }
    }

    private static string Git(string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {arguments} failed");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Describe(IReadOnlyCollection<BenchRunResult> runs) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(runs.Select(r => r.TokensPerSecond)):F0} ({runs.Min(r => r.TokensPerSecond):F0}–{runs.Max(r => r.TokensPerSecond):F0})");

    private static string Ratio(double engineRate, IEnumerable<BenchRunResult> theirs) =>
        (engineRate / Median(theirs.Select(r => r.TokensPerSecond))).ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static string Runs(IEnumerable<BenchRunResult> runs) =>
        string.Join(", ", runs.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.TokensPerSecond:F0} ({r.Tokens})")));

    private static string Giga(double flops) => flops >= 1e9
        ? (flops / 1e9).ToString("F1", CultureInfo.InvariantCulture) + " G"
        : (flops / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " M";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
