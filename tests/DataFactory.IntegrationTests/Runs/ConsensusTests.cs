using System.Text.Json;
using System.Text.Json.Nodes;
using DataFactory.Core.Verification.MathAnswers;
using Microsoft.Data.Sqlite;

namespace DataFactory.IntegrationTests.Runs;

/// <summary>
/// <c>run --consensus</c> on problems without a gold answer: embedded (<c>run --local</c>, SQLite) on a gold-stripped
/// copy of the arithmetic examples, its labels compared with the hidden gold; distributed (PostgreSQL, RabbitMQ, a
/// worker) on a set that mixes problems with and without gold, under the adaptive policy.
/// </summary>
public sealed class ConsensusTests : IDisposable
{
    private const string MaxTokens = "256";
    private static readonly Dictionary<string, string> Local = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-consensus-" + Guid.NewGuid().ToString("N"));

    public ConsensusTests() => Directory.CreateDirectory(_folder);

    private string Db => Path.Combine(_folder, "f.db");

    [Fact]
    public async Task A_local_consensus_run_on_a_gold_stripped_arithmetic_set_stores_labels_shares_and_marks_that_status_and_export_report()
    {
        const int problems = 32;
        var gold = await StripAsync(problems, Path.Combine(_folder, "stripped.jsonl"), keepEvery: 0);
        await CliOkAsync("import", Path.Combine(_folder, "stripped.jsonl"), "--set", "blind", "--db", Db, "--consensus");

        var runId = (await CliOkAsync("run", "--set", "blind", "--db", Db, "--local", "--consensus", "--max-tokens", MaxTokens, "--seed", "20261206")).Trim();

        var labels = await LabelsAsync(runId);
        Assert.Equal(problems, labels.Count);
        Assert.All(labels, l => Assert.NotNull(l.Share));
        Assert.All(labels.Where(l => l.Label is not null), l => Assert.True(l.Votes >= 3 && l.Share >= 0.5, $"{l.Id} labelled with {l.Votes} votes, share {l.Share}"));
        var labelled = labels.Where(l => l.Label is not null).ToList();
        Assert.True(labelled.Count >= problems / 4, $"only {labelled.Count} of {problems} problems reached the default threshold");

        // A floor against regressions (grouping, extraction); the issue's 95 % is the next test.
        var agree = labelled.Count(l => MathVerifier.AreEquivalent(gold[l.Id], l.Label!));
        Assert.True(agree >= 0.75 * labelled.Count, $"{agree} of {labelled.Count} labels agree with the hidden gold");

        // status and the run summary count what the store holds.
        var status = Status((await CliProcess.RunAsync(Local, null, "status", "--db", Db, "--run", runId, "--json")).Output);
        Assert.True(status.GetProperty("consensus").GetBoolean());
        Assert.Equal(labelled.Count, status.GetProperty("problems_labelled").GetInt32());
        var consensusTraces = status.GetProperty("consensus_traces").GetInt64();
        Assert.True(consensusTraces > 0);
        Assert.Equal(status.GetProperty("traces").GetInt64(), consensusTraces);

        // Consensus-labelled traces leave the export unless asked for; the raw lines show the mark and the share.
        var chat = Path.Combine(_folder, "chat.jsonl");
        await CliOkAsync("export", "--set", "blind", "--db", Db, "--format", "chat", "--out", chat);
        Assert.Empty(await File.ReadAllLinesAsync(chat));
        var raw = Path.Combine(_folder, "raw.jsonl");
        await CliOkAsync("export", "--set", "blind", "--db", Db, "--format", "raw", "--out", raw, "--include-consensus");
        var lines = await File.ReadAllLinesAsync(raw);
        Assert.Equal(consensusTraces, lines.Length);
        Assert.All(lines, line =>
        {
            var json = JsonNode.Parse(line)!;
            Assert.True(json["consensus"]!.GetValue<bool>());
            var label = labelled.Single(l => l.Id == json["problem_id"]!.GetValue<string>());
            Assert.Equal(label.Share!.Value, json["vote_share"]!.GetValue<double>(), 9);
            Assert.True(MathVerifier.AreEquivalent(label.Label!, json["final_answer"]!.GetValue<string>()));
        });
    }

    // Issue 20's target. The bundled model repeats the same wrong column sums, so a plain majority agreed with the gold on
    // 80 % of the problems at the default threshold; the column checker (DataFactory.Core.Steps.Columns) finds those
    // candidates' false lines and they do not vote (benchmarks/results/consensus.md).
    [Fact]
    public async Task Consensus_labels_agree_with_the_hidden_gold_on_95_percent_of_the_problems_at_the_default_threshold()
    {
        const int problems = 48;
        var gold = await StripAsync(problems, Path.Combine(_folder, "stripped.jsonl"), keepEvery: 0);
        await CliOkAsync("import", Path.Combine(_folder, "stripped.jsonl"), "--set", "blind", "--db", Db, "--consensus");

        var runId = (await CliOkAsync("run", "--set", "blind", "--db", Db, "--local", "--consensus", "--max-tokens", MaxTokens, "--seed", "20261206")).Trim();

        var labelled = (await LabelsAsync(runId)).Where(l => l.Label is not null).ToList();
        var wrong = labelled.Where(l => !MathVerifier.AreEquivalent(gold[l.Id], l.Label!)).ToList();
        Assert.True(labelled.Count >= problems / 4, $"only {labelled.Count} of {problems} problems reached the default threshold");
        Assert.True(labelled.Count - wrong.Count >= 0.95 * labelled.Count,
            $"{labelled.Count - wrong.Count} of {labelled.Count} labels agree with the hidden gold; wrong: {string.Join(", ", wrong.Select(l => $"{l.Id} {l.Label} (gold {gold[l.Id]}, share {l.Share:0.00})"))}");
    }

    [Fact]
    public async Task Import_of_problems_without_gold_needs_consensus_and_names_file_line_and_field()
    {
        var file = Path.Combine(_folder, "stripped.jsonl");
        await StripAsync(3, file, keepEvery: 2);

        var refused = await CliProcess.RunAsync(Local, null, "import", file, "--set", "blind", "--db", Db);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("stripped.jsonl:2: answer: is required for kind math; a set without gold answers is imported with --consensus", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("stripped.jsonl:1:", refused.Error, StringComparison.Ordinal);

        var accepted = await CliOkAsync("import", file, "--set", "blind", "--db", Db, "--consensus");
        Assert.Contains("3 added", accepted, StringComparison.Ordinal);
        Assert.Contains("for consensus, 1 without a gold answer", accepted, StringComparison.Ordinal);

        var run = await CliProcess.RunAsync(Local, null, "run", "--set", "blind", "--db", Db, "--local", "--samples", "2");
        Assert.Equal(1, run.Exit);
        Assert.Contains("run it with --consensus", run.Error, StringComparison.Ordinal);
        var thresholds = await CliProcess.RunAsync(Local, null, "run", "--set", "blind", "--db", Db, "--min-share", "0.6");
        Assert.Equal(2, thresholds.Exit);
        Assert.Contains("add --consensus", thresholds.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_distributed_adaptive_consensus_run_labels_problems_without_gold_and_verifies_those_with_gold_as_usual()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        var file = Path.Combine(_folder, "mixed.jsonl");
        await StripAsync(8, file, keepEvery: 2);
        await factory.CliAsync("import", file, "--set", "mixed", "--consensus");
        var runId = Guid.Parse((await factory.CliAsync(
            "run", "--set", "mixed", "--consensus", "--target-verified", "2", "--budget", "16", "--max-per-problem", "2", "--max-tokens", MaxTokens, "--seed", "5")).Trim());

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(8), worker);
        await worker.StopAsync();
        Assert.Equal(8, counts.Done);

        // Problems with gold: verified against it, never voted on, their traces unmarked.
        Assert.Equal(0, await factory.ScalarAsync(
            "SELECT count(*) FROM problem_attempts a JOIN problems p ON p.id = a.problem_id WHERE a.run_id = @run AND p.answer IS NOT NULL AND (a.vote_share IS NOT NULL OR a.pseudo_label IS NOT NULL)", runId));
        Assert.Equal(0, await factory.ScalarAsync(
            "SELECT count(*) FROM traces t JOIN problems p ON p.id = t.problem_id WHERE t.run_id = @run AND p.answer IS NOT NULL AND t.consensus", runId));

        // Problems without: every one voted on; a label only at the default thresholds; traces only where labelled, marked with the share.
        Assert.Equal(4, await factory.ScalarAsync(
            "SELECT count(*) FROM problem_attempts a JOIN problems p ON p.id = a.problem_id WHERE a.run_id = @run AND p.answer IS NULL AND a.vote_share IS NOT NULL", runId));
        Assert.Equal(0, await factory.ScalarAsync(
            "SELECT count(*) FROM problem_attempts WHERE run_id = @run AND pseudo_label IS NOT NULL AND (votes < 3 OR vote_share < 0.5 OR correct <> votes)", runId));
        Assert.Equal(0, await factory.ScalarAsync(
            "SELECT count(*) FROM traces t JOIN problem_attempts a ON a.problem_id = t.problem_id AND a.run_id = t.run_id WHERE t.run_id = @run AND t.consensus AND (a.pseudo_label IS NULL OR t.vote_share <> a.vote_share)", runId));
        Assert.Equal(0, await factory.ScalarAsync(
            "SELECT count(*) FROM problem_attempts a JOIN problems p ON p.id = a.problem_id WHERE a.run_id = @run AND p.answer IS NULL AND a.pseudo_label IS NULL AND NOT a.exhausted AND a.candidates = 16", runId));

        // The quota: at most 2 traces per problem.
        Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM (SELECT problem_id FROM traces WHERE run_id = @run GROUP BY problem_id HAVING count(*) > 2) q", runId));

        var status = Status(await factory.CliAsync("status", "--run", runId.ToString(), "--json"));
        Assert.Equal(await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND pseudo_label IS NOT NULL", runId), status.GetProperty("problems_labelled").GetInt32());
        Assert.Equal(await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run AND consensus", runId), status.GetProperty("consensus_traces").GetInt64());
        Assert.Equal(3, status.GetProperty("min_votes").GetInt32());
        Assert.Equal(2, status.GetProperty("max_per_problem").GetInt32());

        var chat = Path.Combine(_folder, "chat.jsonl");
        await factory.CliAsync("export", "--set", "mixed", "--format", "chat", "--out", chat);
        var all = Path.Combine(_folder, "all.jsonl");
        await factory.CliAsync("export", "--set", "mixed", "--format", "chat", "--out", all, "--include-consensus");
        Assert.Equal(await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run AND NOT consensus", runId), (await File.ReadAllLinesAsync(chat)).Length);
        Assert.Equal(counts.Traces, (await File.ReadAllLinesAsync(all)).Length);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    /// <summary>
    /// Writes the first <paramref name="count"/> arithmetic examples to <paramref name="file"/> without their answers
    /// (every <paramref name="keepEvery"/>-th keeps it, starting with the first; 0: none does); returns the hidden gold by id.
    /// </summary>
    private static async Task<Dictionary<string, string>> StripAsync(int count, string file, int keepEvery)
    {
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new List<string>();
        var index = 0;
        foreach (var line in (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"))).Take(count))
        {
            var json = JsonNode.Parse(line)!.AsObject();
            gold[json["id"]!.GetValue<string>()] = json["answer"]!.GetValue<string>();
            if (keepEvery == 0 || index % keepEvery != 0)
            {
                json.Remove("answer");
            }

            lines.Add(json.ToJsonString());
            index++;
        }

        await File.WriteAllLinesAsync(file, lines);
        return gold;
    }

    private async Task<List<(string Id, string? Label, double? Share, int? Votes)>> LabelsAsync(string runId)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.external_id, a.pseudo_label, a.vote_share, a.votes FROM problem_attempts a JOIN problems p ON p.id = a.problem_id
            WHERE a.run_id = @run ORDER BY p.id
            """;
        command.Parameters.AddWithValue("@run", runId.ToUpperInvariant());
        var labels = new List<(string, string?, double?, int?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            labels.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetInt32(3)));
        }

        return labels;
    }

    private static async Task<string> CliOkAsync(params string[] arguments)
    {
        var (exit, output, error) = await CliProcess.RunAsync(Local, null, arguments);
        Assert.True(exit == 0, $"datafactory {string.Join(' ', arguments)} exited {exit}: {error}");
        return output;
    }

    private static JsonElement Status(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        using var json = JsonDocument.Parse(line);
        return json.RootElement.Clone();
    }
}
