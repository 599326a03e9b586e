using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DataFactory.Core.Decontamination;
using DataFactory.Core.Formats;

namespace DataFactory.Benchmarks.Decontamination;

/// <summary>
/// <c>decontaminate</c>: 1,000,000 problems checked against 10,000 benchmark items (MATH-500 and
/// GSM8K test as shipped, plus synthetic items of the same length) on one thread, three rounds, with
/// 1 % of the problems planted copies (half exact, half with one word changed) that must all be found.
/// Problems are generated in batches of 10,000 outside the timed part, so memory stays bounded;
/// the managed heap is sampled after every batch. Target: at least 50,000 problems/s.
/// </summary>
internal static partial class DecontaminationBenchmark
{
    private const int Batch = 10_000;

    public static int Run(string[] args)
    {
        var problems = Option(args, "--problems", 1_000_000);
        var itemCount = Option(args, "--items", 10_000);
        var rounds = Option(args, "--rounds", 3);
        var loadBefore = ResultsFile.LoadAverage();

        var real = Load("math500").Concat(Load("gsm8k-test")).ToList();
        var vocabulary = real.SelectMany(i => Word().Matches(i.Text).Select(m => m.Value)).Distinct(StringComparer.Ordinal).ToArray();
        var random = new Random(20261206);
        var items = new List<BenchmarkItem>(real.Take(itemCount));
        while (items.Count < itemCount)
        {
            items.Add(new BenchmarkItem("synthetic", $"s{items.Count}", Sentence(random, vocabulary, Word().Count(real[random.Next(real.Count)].Text))));
        }

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var build = Stopwatch.StartNew();
        var index = new ContaminationIndex(new DecontaminationOptions());
        foreach (var item in items)
        {
            index.Add(item);
        }

        build.Stop();
        var heapIndex = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        var results = new List<(double Rate, long Flagged, long Planted, long Found, long MaxHeapGrowth)>();
        for (var round = 0; round < rounds; round++)
        {
            results.Add(Round(index, items, vocabulary, problems, seed: round));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: {results[^1].Rate:N0} problems/s"));
        }

        var rates = results.Select(r => r.Rate).Order().ToList();
        var median = rates[rates.Count / 2];
        var allFound = results.All(r => r.Found == r.Planted);
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"""
            # Decontamination throughput

            - Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            - Commit: {ResultsFile.Commit()}
            - Machine: {ResultsFile.MachineDescription()}
            - Load average (1, 5, 15 min): before {loadBefore}, after {ResultsFile.LoadAverage()}
            - Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- decontaminate`
            - Conditions: {problems:N0} problems per round against {items.Count:N0} benchmark items ({real.Count:N0} real: MATH-500 and GSM8K test as shipped in `data/benchmarks/`; the rest synthetic, random sequences of their words with their lengths), 13-grams, minimum overlap 0.2, one thread (`ContaminationChecker.Check`), {rounds} rounds. Problems are random sequences of 20–80 of those words, generated in batches of {Batch:N0} outside the timed part; 1 % of them are planted copies of benchmark items (half exact with the case changed, half with one word changed), which must all be flagged.

            Index: {items.Count:N0} items, {index.NgramCount:N0} distinct 13-grams, built in {build.Elapsed.TotalMilliseconds:N0} ms, {heapIndex / 1e6:N1} MB of managed heap.

            | round | problems/s | flagged | planted copies found | largest live heap over the index, after a batch (MB) |
            |---|---|---|---|---|

            """);
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            report.Append(CultureInfo.InvariantCulture, $"| {i + 1} | {r.Rate:N0} | {r.Flagged:N0} | {r.Found:N0} of {r.Planted:N0} | {r.MaxHeapGrowth / 1e6:N1} |\n");
        }

        report.Append(CultureInfo.InvariantCulture, $"""

            Median {median:N0} problems/s (min {rates[0]:N0}, max {rates[^1]:N0}) on one thread: target ≥ 50,000 problems/s {(median >= 50_000 ? "met" : "NOT met")}. Memory: the heap holds the index and one batch of problems; its growth does not depend on the number of problems checked. Every planted copy found: {(allFound ? "yes" : "NO")}.

            This measures the check itself. `datafactory decontaminate` adds reading the set's prompts from the store (one streamed query) and one update per flagged problem.

            """);
        var path = ResultsFile.Write("decontaminate", report.ToString());
        Console.WriteLine(report);
        Console.Error.WriteLine($"written to {path}");
        return allFound ? 0 : 1;
    }

    private static (double Rate, long Flagged, long Planted, long Found, long MaxHeapGrowth) Round(
        ContaminationIndex index, List<BenchmarkItem> items, string[] vocabulary, int problems, int seed)
    {
        var random = new Random(seed);
        var checker = new ContaminationChecker(index);
        var texts = new string[Batch];
        var planted = new BenchmarkItem?[Batch];
        long flagged = 0, plantedCount = 0, found = 0, maxGrowth = 0;
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var clock = new Stopwatch();
        for (var done = 0; done < problems; done += Batch)
        {
            var count = Math.Min(Batch, problems - done);
            for (var i = 0; i < count; i++)
            {
                planted[i] = null;
                if (random.Next(100) == 0)
                {
                    var item = items[random.Next(items.Count)];
                    planted[i] = item;
                    texts[i] = random.Next(2) == 0 ? item.Text.ToUpperInvariant() : ChangeOneWord(item.Text, random);
                }
                else
                {
                    texts[i] = Sentence(random, vocabulary, random.Next(20, 81));
                }
            }

            clock.Start();
            for (var i = 0; i < count; i++)
            {
                var match = checker.Check(texts[i]);
                if (match is not null)
                {
                    flagged++;
                }

                if (planted[i] is { } item)
                {
                    plantedCount++;
                    if (match is not null && (match.Item == item || match.Overlap >= 0.5))
                    {
                        found++;
                    }
                }
            }

            clock.Stop();
            maxGrowth = Math.Max(maxGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }

        return (problems / clock.Elapsed.TotalSeconds, flagged, plantedCount, found, maxGrowth);
    }

    private static string Sentence(Random random, string[] vocabulary, int words)
    {
        var text = new StringBuilder(words * 7);
        for (var i = 0; i < words; i++)
        {
            text.Append(vocabulary[random.Next(vocabulary.Length)]).Append(' ');
        }

        return text.ToString();
    }

    private static string ChangeOneWord(string text, Random random)
    {
        var words = Word().Matches(text);
        var word = words[random.Next(words.Count)];
        return string.Concat(text.AsSpan(0, word.Index), "zqxjv", text.AsSpan(word.Index + word.Length));
    }

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex Word();

    private static IEnumerable<BenchmarkItem> Load(string name) =>
        ProblemFileReader.Read(Path.Combine(ResultsFile.RepositoryRoot(), "data", "benchmarks", name + ".jsonl"), new ImportOptions())
            .Problems.Select(p => new BenchmarkItem(name, p.Id, p.Prompt));

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
