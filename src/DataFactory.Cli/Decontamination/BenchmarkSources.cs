using DataFactory.Cli.Settings;
using DataFactory.Core.Decontamination;
using DataFactory.Core.Formats;
using DataFactory.Core.Formats.Parquet;
using DataFactory.Storage.Decontamination;

namespace DataFactory.Cli.Decontamination;

/// <summary>
/// Resolves what <c>--against</c> names, in this order: a file or folder (JSON Lines or Parquet, read
/// as <c>import</c> reads it; the benchmark is named after the file), a problem set in the store, or
/// a bundled benchmark (<c>data/benchmarks/</c>, copied beside the binary).
/// </summary>
internal static class BenchmarkSources
{
    private static readonly Dictionary<string, string> Bundled = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gsm8k-test"] = "gsm8k-test.jsonl",
        ["math500"] = "math500.jsonl",
    };

    public static string BundledNames => string.Join(", ", Bundled.Keys);

    public static async Task<IReadOnlyList<BenchmarkItem>> LoadAsync(string source, SetDecontaminator sets, CancellationToken cancellationToken)
    {
        if (File.Exists(source) || Directory.Exists(source))
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
            foreach (var extension in (ReadOnlySpan<string>)[".jsonl", ".parquet", ".json"])
            {
                if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    name = name[..^extension.Length];
                    break;
                }
            }

            return await ReadFileAsync(source, name, cancellationToken);
        }

        if (await sets.SetExistsAsync(source, cancellationToken))
        {
            return await sets.LoadItemsAsync(source, cancellationToken);
        }

        if (Bundled.TryGetValue(source, out var file))
        {
            var path = Path.Combine(AppContext.BaseDirectory, "benchmarks", file);
            if (!File.Exists(path))
            {
                throw new CliException($"the bundled benchmark '{source}' is missing from this installation ({path}).");
            }

            return await ReadFileAsync(path, source.ToLowerInvariant(), cancellationToken);
        }

        throw new CliException($"--against '{source}' is neither a file, a problem set nor a bundled benchmark ({BundledNames}).");
    }

    private static async Task<IReadOnlyList<BenchmarkItem>> ReadFileAsync(string path, string name, CancellationToken cancellationToken)
    {
        var options = new ImportOptions();
        var read = ParquetProblemReader.IsParquet(path)
            ? await ParquetProblemReader.ReadAsync(path, options, cancellationToken)
            : ProblemFileReader.Read(path, options);
        return [.. read.Problems.Select(p => new BenchmarkItem(name, p.Id, p.Prompt))];
    }
}
