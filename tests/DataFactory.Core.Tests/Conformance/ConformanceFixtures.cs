using System.Text.Json;

namespace DataFactory.Core.Tests.Conformance;

/// <summary>Reads the conformance fixtures copied into Fixtures/conformance (see its README).</summary>
internal static class ConformanceFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "conformance", name);

    public static List<JsonElement> ReadLines(string name) =>
        [.. File.ReadLines(PathOf(name)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>The ids listed under <c>[section]</c> in known-disagreements.txt (text after '#' is the reason).</summary>
    public static HashSet<string> KnownDisagreements(string section)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var raw in File.ReadLines(PathOf("known-disagreements.txt")))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = line[1..^1];
                continue;
            }

            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var id = (hash < 0 ? line : line[..hash]).Trim();
            if (current == section && id.Length > 0)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>Fails with a readable list when the disagreements differ from the checked-in list.</summary>
    public static void AssertMatchesKnownList(string section, IReadOnlyDictionary<string, string> disagreements, int total, double minimumRate)
    {
        var known = KnownDisagreements(section);
        var unexpected = disagreements.Keys.Where(id => !known.Contains(id)).Order(StringComparer.Ordinal).ToList();
        var fixedNow = known.Where(id => !disagreements.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var rate = (total - disagreements.Count) / (double)total;

        var message = $"{section}: agreement {total - disagreements.Count}/{total} ({rate:P1}).\n"
            + $"New disagreements ({unexpected.Count}):\n"
            + string.Join("\n", unexpected.Select(id => $"  {id}: {disagreements[id]}"))
            + $"\nListed but now agreeing ({fixedNow.Count}): {string.Join(", ", fixedNow)}";
        Assert.True(unexpected.Count == 0 && fixedNow.Count == 0, message);
        Assert.True(rate >= minimumRate, message);
    }
}
