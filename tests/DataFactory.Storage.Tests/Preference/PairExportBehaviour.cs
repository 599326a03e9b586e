using System.Text;
using System.Text.Json;
using DataFactory.Core.Verification;
using DataFactory.Storage.Export;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Tests.Store;
using DataFactory.Storage.Writing;

namespace DataFactory.Storage.Tests.Preference;

/// <summary>The preference and kto exports over each provider.</summary>
public abstract class PairExportBehaviour(IStoreDatabase database)
{
    [Fact]
    public async Task Preference_pairs_a_problems_shortest_trace_with_its_most_common_wrong_answer_and_never_across_problems()
    {
        var set = await SeedAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = set, Format = ExportFormat.Preference });

        // p1 has traces and rejected candidates, p2 only traces, p3 only rejected: one pair, from p1.
        var line = Assert.Single(lines);
        Assert.Equal(["prompt", "chosen", "rejected"], line.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TestData.MathProblem(1).Prompt, line.GetProperty("prompt").GetString());
        Assert.Equal("Short: \\boxed{2}", line.GetProperty("chosen").GetString());
        Assert.Equal("Again \\boxed{3}", line.GetProperty("rejected").GetString());
    }

    [Fact]
    public async Task Pairs_per_problem_and_picks_choose_which_pairs()
    {
        var set = await SeedAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = set, Format = ExportFormat.Preference, PairsPerProblem = 10, Rejected = RejectedPick.Shortest });

        // Two traces by three rejected candidates: six distinct pairs, the shortest of each side first.
        Assert.Equal(6, lines.Count);
        Assert.Equal(6, lines.Select(l => (l.GetProperty("chosen").GetString(), l.GetProperty("rejected").GetString())).Distinct().Count());
        Assert.Equal("Short: \\boxed{2}", lines[0].GetProperty("chosen").GetString());
        Assert.Equal("\\boxed{5}", lines[0].GetProperty("rejected").GetString());
    }

    [Fact]
    public async Task Conversational_preference_lines_are_message_lists_with_the_system_turn()
    {
        var set = await SeedAsync();

        var line = Assert.Single(await ExportAsync(new ExportOptions { SetName = set, Format = ExportFormat.Preference, Conversational = true, SystemPrompt = "Think." }));

        var prompt = line.GetProperty("prompt").EnumerateArray().ToArray();
        Assert.Equal(["system", "user"], prompt.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Think.", prompt[0].GetProperty("content").GetString());
        var chosen = Assert.Single(line.GetProperty("chosen").EnumerateArray().ToArray());
        Assert.Equal("assistant", chosen.GetProperty("role").GetString());
        Assert.Equal("Short: \\boxed{2}", chosen.GetProperty("content").GetString());
        Assert.Equal("assistant", Assert.Single(line.GetProperty("rejected").EnumerateArray().ToArray()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Kto_labels_traces_true_and_rejected_candidates_false_for_problems_with_both()
    {
        var set = await SeedAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = set, Format = ExportFormat.Kto });

        Assert.Equal(5, lines.Count);
        Assert.All(lines, l => Assert.Equal(["prompt", "completion", "label"], l.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(2, lines.Count(l => l.GetProperty("label").GetBoolean()));
        Assert.Equal(3, lines.Count(l => !l.GetProperty("label").GetBoolean()));
        var limited = await ExportAsync(new ExportOptions { SetName = set, Format = ExportFormat.Kto, MaxPerProblem = 1 });
        Assert.Equal([true, false], limited.Select(l => l.GetProperty("label").GetBoolean()));
    }

    private async Task<List<JsonElement>> ExportAsync(ExportOptions options)
    {
        await using var context = database.CreateContext();
        using var output = new MemoryStream();
        var result = await new TraceExporter(context).ExportAsync(output, options, null, CancellationToken.None);
        var text = Encoding.UTF8.GetString(output.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(result.Traces, lines.Count);
        return lines;
    }

    /// <summary>Three problems (gold 2, 4, 6): p1 two traces and three rejected, p2 a trace only, p3 a rejected candidate only.</summary>
    private async Task<string> SeedAsync()
    {
        var set = TestData.NewSetName();
        await using var context = database.CreateContext();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(3), CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { KeepRejected = true }, CancellationToken.None);
        var ids = run.ProblemIds;
        ProblemOutcome[] outcomes =
        [
            ProblemOutcome.Done(ids[0], 5, 2, 50, [Trace("A longer way: 1 + 1 = 2 so \\boxed{2}", 30), Trace("Short: \\boxed{2}", 5)]) with
            {
                Rejected = [Wrong("\\boxed{5}", "5", 3), Wrong("It is \\boxed{3}", "3", 8), Wrong("Again \\boxed{3}", "3", 6)],
            },
            ProblemOutcome.Done(ids[1], 1, 1, 10, [Trace("\\boxed{4}", 3)]),
            ProblemOutcome.Done(ids[2], 1, 0, 10, []) with { Rejected = [Wrong("\\boxed{1}", "1", 3)] },
        ];
        await new BatchWriter(context).WriteAsync(run.RunId, outcomes, CancellationToken.None);
        return set;
    }

    private static VerifiedTrace Trace(string text, int tokens) => new(text, Verdict.Correct("x"), "math", tokens) { VerifierVersion = 1 };

    private static RejectedCandidate Wrong(string text, string answer, int tokens) =>
        new(text, Verdict.Incorrect(answer, "not equivalent"), "math", 1, tokens);
}
