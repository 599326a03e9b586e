using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Consensus;
using DataFactory.Core.Verification.MathAnswers;
using Microsoft.Data.Sqlite;

namespace DataFactory.Benchmarks.Consensus;

/// <summary>
/// `consensus`: how often consensus pseudo-labels agree with a hidden gold answer, by vote share. The arithmetic
/// examples are imported without their answers (<c>import --consensus</c>) into a fresh embedded store and run with
/// the real command (<c>run --local --consensus --min-votes 1 --min-share 0</c>, so that every problem's majority
/// answer and its share are stored); each majority answer is then compared with the hidden gold by the math
/// verifier. A threshold only decides which majorities become labels, so the table at every threshold, the default
/// among them, comes from this one run. Options: --file JSONL (examples/arithmetic.jsonl), --problems N (200),
/// --samples N (16), --max-tokens N (256), --seed S (20261206), --model DIR, --cli DLL (the built datafactory.dll).
/// </summary>
public static class ConsensusBenchmark
{
    private static readonly double[] Buckets = [0, 0.25, 0.5, 0.625, 0.75, 0.875, 1.0];
    private static readonly double[] Thresholds = [0.5, 0.625, 0.75, 0.875, 1.0];

    public static int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var root = ResultsFile.RepositoryRoot();
        var file = Path.GetFullPath(options.Get("file") ?? Path.Combine(root, "examples", "arithmetic.jsonl"));
        var model = Path.GetFullPath(options.Get("model") ?? Path.Combine(root, "models", "tiny-reasoner"));
        var cli = Path.GetFullPath(options.Get("cli") ?? Path.Combine(root, "src", "DataFactory.Cli", "bin", "Release", "net10.0", "datafactory.dll"));
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} not found: build the command first (dotnet build src/DataFactory.Cli -c Release) or give --cli.");
        }

        var problems = options.Int("problems", 200);
        var samples = options.Int("samples", 16);
        var maxTokens = options.Int("max-tokens", 256);
        var seed = options.Get("seed") ?? "20261206";
        var folder = Directory.CreateTempSubdirectory("df-bench-consensus-").FullName;
        try
        {
            var loadBefore = ResultsFile.LoadAverage();
            var startedAt = DateTime.UtcNow;
            var commit = ResultsFile.Commit();
            var gold = Strip(file, problems, Path.Combine(folder, "stripped.jsonl"));
            var db = Path.Combine(folder, "f.db");
            Cli(cli, "import", Path.Combine(folder, "stripped.jsonl"), "--set", "blind", "--db", db, "--consensus");
            var timer = Stopwatch.StartNew();
            var runId = Cli(cli, "run", "--set", "blind", "--db", db, "--local", "--consensus", "--min-votes", "1", "--min-share", "0",
                "--samples", samples.ToString(CultureInfo.InvariantCulture), "--max-tokens", maxTokens.ToString(CultureInfo.InvariantCulture),
                "--seed", seed, "--model", model).Trim();
            var seconds = timer.Elapsed.TotalSeconds;
            var majorities = Read(db, runId);

            var report = Report(file, gold, majorities, samples, maxTokens, seed, seconds, commit, startedAt, loadBefore);
            Console.Write(report);
            Console.WriteLine($"wrote {ResultsFile.Write("consensus", report)}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Report(
        string file, Dictionary<string, string> gold, List<Majority> majorities, int samples, int maxTokens, string seed, double seconds,
        string commit, DateTime startedAt, string loadBefore)
    {
        var text = new StringBuilder();
        text.AppendLine("# Consensus pseudo-labels against hidden gold answers").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- consensus --problems {gold.Count} --samples {samples}`, started {startedAt:yyyy-MM-dd HH:mm} UTC, commit {commit}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {ResultsFile.MachineDescription()}; load average {loadBefore} before, {ResultsFile.LoadAverage()} after (other work may share the machine: it changes the run's time, not its labels).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Conditions: the first {gold.Count} problems of `{Path.GetRelativePath(ResultsFile.RepositoryRoot(), file)}` imported without their answers (`import --consensus`), run in embedded mode with the bundled model `models/tiny-reasoner` on CPU: `run --local --consensus --min-votes 1 --min-share 0 --samples {samples} --max-tokens {maxTokens} --seed {seed}` (temperature 0.8), {seconds:F0} s. Every problem's majority answer and vote share are stored; each is compared with the hidden gold by the math verifier. Candidates with a false checkable step do not vote; a tie gives no majority. The step checks that run on this set are the arithmetic claims and the column checker (`column-1`), which redoes every line of the bundled model's written method against the problem's numbers: a candidate that adds the wrong digits, skips a carry or restates the problem wrong does not vote.").AppendLine();

        text.AppendLine("By vote share (the majority's votes over all the problem's candidates):").AppendLine();
        text.AppendLine("| vote share | problems | with a majority | agree with gold | agreement |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < Buckets.Length; i++)
        {
            var low = Buckets[i];
            var high = i + 1 < Buckets.Length ? Buckets[i + 1] : double.PositiveInfinity;
            var inBucket = majorities.Where(m => m.Share >= low - 1e-12 && m.Share < high - 1e-12).ToList();
            var label = double.IsPositiveInfinity(high) ? "1 (unanimous)" : string.Create(CultureInfo.InvariantCulture, $"[{low:0.###}, {high:0.###})");
            Row(text, label, inBucket, gold);
        }

        text.AppendLine().AppendLine("At a threshold (what a run with `--min-share S` and the default `--min-votes 3` would label):").AppendLine();
        text.AppendLine("| --min-share | problems | labelled | agree with gold | agreement |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var threshold in Thresholds)
        {
            var labelled = majorities.Where(m => m.Label is not null && m.Votes >= ConsensusSettings.DefaultMinVotes && m.Share >= threshold - 1e-12).ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"{threshold:0.###}{(threshold == ConsensusSettings.DefaultMinShare ? " (default)" : "")}");
            Row(text, name, labelled, gold, majorities.Count);
        }

        text.AppendLine().AppendLine("Target (issue 20): at least 95 % agreement on the problems whose vote share reaches the default threshold.");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, List<Majority> rows, Dictionary<string, string> gold, int? problems = null)
    {
        var withLabel = rows.Where(r => r.Label is not null).ToList();
        var agree = withLabel.Count(r => MathVerifier.AreEquivalent(gold[r.Id], r.Label!));
        var share = withLabel.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * agree / withLabel.Count:F1} %");
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {problems ?? rows.Count} | {withLabel.Count} | {agree} | {share} |");
    }

    private static Dictionary<string, string> Strip(string file, int count, string output)
    {
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var line in File.ReadLines(file).Where(l => l.Trim().Length > 0).Take(count))
        {
            var json = JsonNode.Parse(line)!.AsObject();
            gold[json["id"]!.GetValue<string>()] = json["answer"]!.ToString();
            json.Remove("answer");
            lines.Add(json.ToJsonString());
        }

        File.WriteAllLines(output, lines);
        return gold;
    }

    private static List<Majority> Read(string db, string runId)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.external_id, a.pseudo_label, a.vote_share, a.votes FROM problem_attempts a JOIN problems p ON p.id = a.problem_id
            WHERE a.run_id = @run ORDER BY p.id
            """;
        command.Parameters.AddWithValue("@run", runId.ToUpperInvariant());
        var rows = new List<Majority>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Majority(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? 0 : reader.GetDouble(2), reader.IsDBNull(3) ? 0 : reader.GetInt32(3)));
        }

        return rows;
    }

    private static string Cli(string cli, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Error.Write(error.Result);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"datafactory {string.Join(' ', arguments)} exited {process.ExitCode}");
    }

    private sealed record Majority(string Id, string? Label, double Share, int Votes);
}
