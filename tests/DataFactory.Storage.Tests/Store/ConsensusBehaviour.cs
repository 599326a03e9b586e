using System.Text;
using System.Text.Json;
using DataFactory.Core.Consensus;
using DataFactory.Core.Harvest;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Storage.Export;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Store;

/// <summary>
/// A consensus set: p1 with a gold answer (8 candidates, 4 correct, 2 traces), p2 without one, labelled "42" by
/// 6 of 8 votes (2 consensus traces), p3 without one and no label (2 of 8 votes: exhausted).
/// </summary>
public abstract class ConsensusBehaviour(IStoreDatabase database)
{
    [Fact]
    public async Task Pseudo_labels_vote_shares_and_consensus_marks_are_stored_with_the_run()
    {
        var scenario = await ScenarioAsync();

        await using var context = database.CreateContext();
        var attempts = await context.ProblemAttempts.AsNoTracking().Where(a => a.RunId == scenario.Run).OrderBy(a => a.ProblemId).ToListAsync();
        Assert.Equal([null, "42", null], attempts.Select(a => a.PseudoLabel));
        Assert.Equal([null, 0.75, 0.25], attempts.Select(a => a.VoteShare));
        Assert.Equal([null, 6, 2], attempts.Select(a => a.Votes));
        var traces = await context.Traces.AsNoTracking().Where(t => t.RunId == scenario.Run).OrderBy(t => t.ProblemId).ToListAsync();
        Assert.Equal([false, false, true, true], traces.Select(t => t.Consensus));
        Assert.Equal([null, null, 0.75, 0.75], traces.Select(t => t.VoteShare));
        Assert.True(await context.ProblemSets.AnyAsync(s => s.Name == scenario.Set && s.Consensus));

        var run = await new RunStore(context).GetRunAsync(scenario.Run, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal(1, run.ProblemsLabelled);
        Assert.Equal(2, run.ConsensusTraces);
        Assert.Equal(4, run.Traces);
        Assert.Equal(1, run.ProblemsExhausted);
        Assert.Equal(new ConsensusSettings { MinVotes = 3, MinShare = 0.5 }, run.Harvest.Consensus);
        Assert.Equal(2, run.Harvest.MaxPerProblem);
    }

    [Fact]
    public async Task A_redelivered_batch_adds_no_label_and_no_consensus_trace()
    {
        var scenario = await ScenarioAsync();
        await using var context = database.CreateContext();

        await new BatchWriter(context).WriteAsync(scenario.Run, scenario.Outcomes, CancellationToken.None);

        var run = await new RunStore(context).GetRunAsync(scenario.Run, CancellationToken.None);
        Assert.Equal(1, run!.ProblemsLabelled);
        Assert.Equal(2, run.ConsensusTraces);
    }

    [Theory]
    [InlineData(false, false, new[] { "p0001", "p0001" })]
    [InlineData(true, false, new[] { "p0001", "p0001", "p0002", "p0002" })]
    [InlineData(false, true, new[] { "p0001", "p0001" })]
    [InlineData(true, true, new[] { "p0001", "p0001", "p0002", "p0002" })]
    public async Task Export_leaves_consensus_traces_out_unless_they_are_asked_for(bool include, bool maxPerProblem, string[] expected)
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions
        {
            SetName = scenario.Set,
            Format = ExportFormat.Raw,
            IncludeConsensus = include,
            MaxPerProblem = maxPerProblem ? 10 : null,
        });

        Assert.Equal(expected, lines.Select(l => l.GetProperty("problem_id").GetString()));
    }

    [Fact]
    public async Task Raw_lines_show_the_consensus_mark_and_the_vote_share()
    {
        var scenario = await ScenarioAsync();

        var lines = await ExportAsync(new ExportOptions { SetName = scenario.Set, Format = ExportFormat.Raw, IncludeConsensus = true });

        var gold = lines[0];
        Assert.False(gold.GetProperty("consensus").GetBoolean());
        Assert.Equal(JsonValueKind.Null, gold.GetProperty("vote_share").ValueKind);
        var voted = lines[2];
        Assert.True(voted.GetProperty("consensus").GetBoolean());
        Assert.Equal(0.75, voted.GetProperty("vote_share").GetDouble());
        Assert.Equal(JsonValueKind.Null, voted.GetProperty("answer").ValueKind);
        Assert.Equal("42", voted.GetProperty("final_answer").GetString());
    }

    [Fact]
    public async Task Problems_without_a_gold_answer_are_refused_outside_a_consensus_import()
    {
        var set = TestData.NewSetName();
        await using var context = database.CreateContext();

        var error = await Assert.ThrowsAsync<ProblemImportException>(() =>
            new ProblemSetStore(context).ImportAsync(set, [TestData.MathProblem(1), Unlabelled(2)], CancellationToken.None));

        Assert.Equal(["p0002"], error.ProblemIds);
        Assert.Contains("import --consensus", error.Message, StringComparison.Ordinal);
        Assert.False(await context.ProblemSets.AnyAsync(s => s.Name == set));
    }

    [Fact]
    public async Task A_run_over_a_consensus_set_must_vote()
    {
        var scenario = await ScenarioAsync();
        await using var context = database.CreateContext();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new RunStore(context).CreateRunAsync(TestData.Run(scenario.Set, samples: 8), CancellationToken.None));

        Assert.Contains("--consensus", error.Message, StringComparison.Ordinal);
    }

    private static Problem Unlabelled(int i) => TestData.MathProblem(i) with { Answer = null };

    private async Task<List<JsonElement>> ExportAsync(ExportOptions options)
    {
        await using var context = database.CreateContext();
        using var output = new MemoryStream();
        await new TraceExporter(context).ExportAsync(output, options, null, CancellationToken.None);
        var text = Encoding.UTF8.GetString(output.ToArray());
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private async Task<Scenario> ScenarioAsync()
    {
        var set = TestData.NewSetName();
        await using var context = database.CreateContext();
        await new ProblemSetStore(context).ImportAsync(set, [TestData.MathProblem(1), Unlabelled(2), Unlabelled(3)], consensus: true, CancellationToken.None);
        var request = TestData.Run(set, samples: 8) with
        {
            Harvest = HarvestSettings.Flat(8) with { Consensus = ConsensusSettings.Default, MaxPerProblem = 2 },
        };
        var run = await new RunStore(context).CreateRunAsync(request, CancellationToken.None);
        var ids = run.ProblemIds;
        ProblemOutcome[] outcomes =
        [
            TestData.Done(ids[0], 8, 4, 2),
            ProblemOutcome.Done(ids[1], 8, 6, 800, [Voted("First", 0.75), Voted("Second", 0.75)]) with { PseudoLabel = "42", VoteShare = 0.75, Votes = 6 },
            ProblemOutcome.Done(ids[2], 8, 0, 800, []) with { VoteShare = 0.25, Votes = 2, Exhausted = true },
        ];
        await new BatchWriter(context).WriteAsync(run.RunId, outcomes, CancellationToken.None);
        return new Scenario(set, run.RunId, outcomes);
    }

    private static VerifiedTrace Voted(string text, double share) =>
        new($"{text} way: 6 * 7 = 42, so \\boxed{{42}}", Verdict.Correct("42"), "math", 20) { Consensus = true, VoteShare = share };

    private sealed record Scenario(string Set, Guid Run, ProblemOutcome[] Outcomes);
}
