using System.Text;
using System.Text.Json;

namespace DataFactory.IntegrationTests.Preference;

/// <summary>
/// Rejected candidates end to end, in the embedded mode: <c>run --local --keep-rejected</c>,
/// <c>export --format preference|kto</c>, every exported pair checked again with <c>datafactory verify</c>,
/// and <c>regrade</c> on a store the current verifiers judged.
/// </summary>
public sealed class PreferenceRoundTripTests : IDisposable
{
    private static readonly Dictionary<string, string> Environment = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-preference-" + Guid.NewGuid().ToString("N"));

    public PreferenceRoundTripTests() => Directory.CreateDirectory(_folder);

    private string Db => Path.Combine(_folder, "f.db");

    [Fact]
    public async Task Every_exported_pair_round_trips_through_verify_and_regrade_of_a_current_store_changes_nothing()
    {
        var problems = Path.Combine(_folder, "problems.jsonl");
        var lines = (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"))).Take(10).ToArray();
        await File.WriteAllLinesAsync(problems, lines);
        var goldByPrompt = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("prompt").GetString()!, e => e.GetProperty("answer").GetString()!);

        await Cli("import", problems, "--set", "mine", "--db", Db);
        await Cli("run", "--set", "mine", "--db", Db, "--local", "--keep-rejected", "--samples", "8", "--seed", "7");
        using var status = JsonDocument.Parse((await Cli("status", "--db", Db, "--json")).Trim());
        var run = status.RootElement;
        Assert.True(run.GetProperty("keep_rejected").GetBoolean());
        var rejected = run.GetProperty("rejected").GetInt64();
        var traces = run.GetProperty("traces").GetInt64();
        Assert.True(rejected > 0 && traces > 0, $"{traces} traces, {rejected} rejected: the test needs both");

        var pairsFile = Path.Combine(_folder, "pairs.jsonl");
        var ktoFile = Path.Combine(_folder, "kto.jsonl");
        await Cli("export", "--set", "mine", "--db", Db, "--format", "preference", "--pairs-per-problem", "3", "--out", pairsFile);
        await Cli("export", "--set", "mine", "--db", Db, "--format", "kto", "--out", ktoFile);
        var pairs = (await File.ReadAllLinesAsync(pairsFile)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var kto = (await File.ReadAllLinesAsync(ktoFile)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(pairs);
        Assert.Contains(kto, l => l.GetProperty("label").GetBoolean());
        Assert.Contains(kto, l => !l.GetProperty("label").GetBoolean());

        // One verify line per side: chosen, then rejected, of every pair; then every kto completion.
        var input = new StringBuilder();
        var expected = new List<bool>();
        foreach (var pair in pairs)
        {
            var gold = goldByPrompt[pair.GetProperty("prompt").GetString()!];
            input.AppendLine(VerifyLine(gold, pair.GetProperty("chosen").GetString()!));
            input.AppendLine(VerifyLine(gold, pair.GetProperty("rejected").GetString()!));
            expected.AddRange([true, false]);
        }

        foreach (var example in kto)
        {
            input.AppendLine(VerifyLine(goldByPrompt[example.GetProperty("prompt").GetString()!], example.GetProperty("completion").GetString()!));
            expected.Add(example.GetProperty("label").GetBoolean());
        }

        var verify = await CliProcess.RunAsync(Environment, input.ToString(), "verify");
        Assert.True(verify.Exit == 0, verify.Error);
        var verdicts = verify.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("correct").GetBoolean())
            .ToList();
        Assert.Equal(expected, verdicts);

        // Everything was judged by the current verifiers: nothing is due, and re-checking all of it moves nothing.
        var due = await Cli("regrade", "--set", "mine", "--db", Db);
        Assert.Contains("regraded 0 candidates", due, StringComparison.Ordinal);
        var all = await Cli("regrade", "--set", "mine", "--db", Db, "--all");
        Assert.Contains($"regraded {traces + rejected} candidates", all, StringComparison.Ordinal);
        Assert.Contains("0 rejected -> trace, 0 trace -> rejected", all, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string VerifyLine(string gold, string candidate) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["kind"] = "math", ["gold"] = gold, ["candidate"] = candidate });

    private static async Task<string> Cli(params string[] arguments)
    {
        var result = await CliProcess.RunAsync(Environment, null, arguments);
        Assert.True(result.Exit == 0, $"{string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }
}
