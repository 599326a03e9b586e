using System.Text;
using System.Text.Json;
using DataFactory.Core.Decontamination;
using DataFactory.Storage.Decontamination;
using DataFactory.Storage.Export;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Store;

/// <summary>
/// Export over a set with two runs. Run A: p1 8 candidates 4 correct 4 traces (0.5), p2 8/8/3 (1.0),
/// p3 8/1/1 (0.125), p4 failed. Run B: p1 4/0/0. Pooled over runs p1 is 4/12.
/// </summary>
public abstract class ExportBehaviour(IStoreDatabase database)
{
    [Fact]
    public async Task Chat_lines_are_system_user_assistant_messages()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set, SystemPrompt = "Think step by step." });

        Assert.Equal(8, lines.Count);
        foreach (var line in lines)
        {
            var messages = line.GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal(["system", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
            Assert.Equal("Think step by step.", messages[0].GetProperty("content").GetString());
            Assert.StartsWith("What is ", messages[1].GetProperty("content").GetString());
            Assert.StartsWith("Trace ", messages[2].GetProperty("content").GetString());
        }
    }

    [Fact]
    public async Task Chat_lines_have_no_system_turn_without_a_system_prompt()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set });

        Assert.All(lines, line => Assert.Equal(
            ["user", "assistant"],
            line.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString())));
    }

    [Fact]
    public async Task Prompt_completion_lines_carry_exactly_prompt_and_completion()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set, Format = ExportFormat.PromptCompletion });

        Assert.Equal(8, lines.Count);
        Assert.All(lines, line => Assert.Equal(["prompt", "completion"], line.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Raw_lines_carry_the_statistics_of_the_run()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set, RunId = scenario.RunA, Format = ExportFormat.Raw });

        Assert.Equal(8, lines.Count);
        var first = lines[0];
        Assert.Equal(scenario.Set, first.GetProperty("set").GetString());
        Assert.Equal("p0001", first.GetProperty("problem_id").GetString());
        Assert.Equal("math", first.GetProperty("kind").GetString());
        Assert.Equal("2", first.GetProperty("answer").GetString());
        Assert.Equal(scenario.RunA, first.GetProperty("run_id").GetGuid());
        Assert.Equal("math", first.GetProperty("verifier").GetString());
        Assert.Equal("42", first.GetProperty("final_answer").GetString());
        var stats = first.GetProperty("stats");
        Assert.Equal(8, stats.GetProperty("candidates").GetInt64());
        Assert.Equal(4, stats.GetProperty("correct").GetInt64());
        Assert.Equal(0.5, stats.GetProperty("pass_rate").GetDouble());
        Assert.Equal("test", first.GetProperty("metadata").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Lines_come_problem_by_problem_in_storage_order()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set, Format = ExportFormat.Raw });

        var order = lines.Select(l => (l.GetProperty("problem_id").GetString(), l.GetProperty("trace_id").GetInt64())).ToList();
        Assert.Equal(order.OrderBy(o => o.Item1, StringComparer.Ordinal).ThenBy(o => o.Item2), order);
    }

    [Theory]
    [InlineData(true, 0.5, null, new[] { "p0001", "p0002" })]
    [InlineData(true, null, 0.5, new[] { "p0001", "p0003" })]
    [InlineData(true, 0.2, 0.9, new[] { "p0001" })]
    [InlineData(false, 0.5, null, new[] { "p0002" })]
    [InlineData(false, null, 0.4, new[] { "p0001", "p0003" })]
    public async Task Pass_rate_filters_use_the_run_or_all_runs(bool byRun, double? min, double? max, string[] expected)
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions
        {
            SetName = scenario.Set,
            RunId = byRun ? scenario.RunA : null,
            Format = ExportFormat.Raw,
            MinPassRate = min,
            MaxPassRate = max,
        });

        Assert.Equal(expected, lines.Select(l => l.GetProperty("problem_id").GetString()).Distinct());
    }

    [Fact]
    public async Task At_most_k_traces_per_problem_are_exported()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set, Format = ExportFormat.Raw, MaxPerProblem = 2 });

        var perProblem = lines.GroupBy(l => l.GetProperty("problem_id").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["p0001"] = 2, ["p0002"] = 2, ["p0003"] = 1 }, perProblem);
    }

    [Fact]
    public async Task A_run_without_traces_exports_nothing()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { RunId = scenario.RunB });

        Assert.Empty(lines);
    }

    [Fact]
    public async Task Progress_ends_at_the_number_of_lines()
    {
        var scenario = await ScenarioAsync();
        var reports = new List<long>();
        await using var context = database.CreateContext();
        using var output = new MemoryStream();

        var result = await new TraceExporter(context).ExportAsync(
            output, new ExportOptions { SetName = scenario.Set }, new SynchronousProgress(reports.Add), CancellationToken.None);

        Assert.Equal(8, result.Traces);
        Assert.Equal(3, result.Problems);
        Assert.Equal(output.Length, result.Bytes);
        Assert.Equal(8, reports[^1]);
    }

    [Fact]
    public async Task Exporting_an_unknown_set_fails()
    {
        await using var context = database.CreateContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => new TraceExporter(context).ExportAsync(
            Stream.Null, new ExportOptions { SetName = "no-such-set" }, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flawed_traces_are_exported_only_on_request_and_raw_lines_carry_their_step_check(bool maxPerProblem)
    {
        var set = TestData.NewSetName();
        await using (var context = database.CreateContext())
        {
            await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(1), CancellationToken.None);
            var run = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { KeepFlawed = true }, CancellationToken.None);
            const string check = """{"version":"arith-1","steps_skipped":0,"steps_checked":1,"first_false_step":{"index":0,"text":"7*6=41","reason":"7*6 is 42, not 41"}}""";
            var outcome = ProblemOutcome.Done(run.ProblemIds[0], 4, 2, 40, [TestData.Trace("Trace sound"), TestData.Trace("Trace 7*6=41") with { Flawed = true, StepCheck = check }]) with { Flawed = 1 };
            await new BatchWriter(context).WriteAsync(run.RunId, [outcome], CancellationToken.None);
        }

        var cap = maxPerProblem ? 5 : (int?)null;
        var curated = await ExportAsync(new ExportOptions { SetName = set, Format = ExportFormat.PromptCompletion, MaxPerProblem = cap });
        Assert.Equal(["Trace sound"], curated.Select(l => l.GetProperty("completion").GetString()));

        var raw = await ExportAsync(new ExportOptions { SetName = set, Format = ExportFormat.Raw, IncludeFlawed = true, MaxPerProblem = cap });
        Assert.Equal([false, true], raw.Select(l => l.GetProperty("flawed").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, raw[0].GetProperty("step_check").ValueKind);
        Assert.Equal("7*6=41", raw[1].GetProperty("step_check").GetProperty("first_false_step").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Problems_marked_contaminated_are_left_out_of_every_export(bool maxPerProblem)
    {
        var scenario = await ScenarioAsync();
        string p2Prompt;
        await using (var context = database.CreateContext())
        {
            // p2 (3 traces) is a benchmark's copy.
            var p2 = await context.Problems
                .Join(context.ProblemSets.Where(s => s.Name == scenario.Set), p => p.SetId, s => s.Id, (p, _) => p)
                .OrderBy(p => p.Id)
                .Skip(1)
                .FirstAsync();
            p2Prompt = p2.Prompt;
            var index = new ContaminationIndex(new DecontaminationOptions());
            index.Add(new BenchmarkItem("bench", "b1", p2Prompt));
            var result = await new SetDecontaminator(context).DecontaminateAsync(scenario.Set, index, CancellationToken.None);
            Assert.Equal(p2.ExternalId, Assert.Single(result.Flags).ProblemId);
        }

        var cap = maxPerProblem ? 10 : (int?)null;
        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set, Format = ExportFormat.Raw, MaxPerProblem = cap });

        Assert.Equal(5, lines.Count);
        Assert.DoesNotContain(lines, l => l.GetProperty("prompt").GetString() == p2Prompt);
    }

    private async Task<List<JsonElement>> ExportAsync(ExportOptions options)
    {
        await using var context = database.CreateContext();
        using var output = new MemoryStream();
        await new TraceExporter(context).ExportAsync(output, options, null, CancellationToken.None);
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "Every line ends with a newline.");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private async Task<Scenario> ScenarioAsync()
    {
        var set = TestData.NewSetName();
        await using var context = database.CreateContext();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(4), CancellationToken.None);
        var runs = new RunStore(context);
        var a = await runs.CreateRunAsync(TestData.Run(set, samples: 8), CancellationToken.None);
        var b = await runs.CreateRunAsync(TestData.Run(set, samples: 4), CancellationToken.None);
        var ids = a.ProblemIds;
        var writer = new BatchWriter(context);
        await writer.WriteAsync(
            a.RunId,
            [TestData.Done(ids[0], 8, 4, 4), TestData.Done(ids[1], 8, 8, 3), TestData.Done(ids[2], 8, 1, 1), ProblemOutcome.Failed(ids[3], "boom")],
            CancellationToken.None);
        await writer.WriteAsync(b.RunId, [TestData.Done(ids[0], 4, 0, 0)], CancellationToken.None);
        return new Scenario(set, a.RunId, b.RunId);
    }

    private sealed record Scenario(string Set, Guid RunA, Guid RunB);

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
