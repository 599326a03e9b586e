using DataFactory.Core.Decontamination;
using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Decontamination;

/// <summary>The reference benchmarks as the repository ships them (<c>data/benchmarks/</c>), read as <c>import</c> reads them.</summary>
internal static class Benchmarks
{
    public static IReadOnlyList<BenchmarkItem> Math500 { get; } = Load("math500");

    public static IReadOnlyList<BenchmarkItem> Gsm8kTest { get; } = Load("gsm8k-test");

    public static ContaminationIndex Index(DecontaminationOptions? options = null, params IReadOnlyList<BenchmarkItem>[] sets)
    {
        var index = new ContaminationIndex(options ?? new DecontaminationOptions());
        foreach (var set in sets.Length == 0 ? [Math500, Gsm8kTest] : sets)
        {
            foreach (var item in set)
            {
                index.Add(item);
            }
        }

        return index;
    }

    private static IReadOnlyList<BenchmarkItem> Load(string name)
    {
        var path = Path.Combine(Root(), "data", "benchmarks", name + ".jsonl");
        return [.. ProblemFileReader.Read(path, new ImportOptions()).Problems.Select(p => new BenchmarkItem(name, p.Id, p.Prompt))];
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataFactory.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DataFactory.sln not found above " + AppContext.BaseDirectory);
    }
}
