using System.Text.Json;
using DataFactory.Core.Steps.Labelling;
using DataFactory.Storage.Export;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Tests.Store;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.StepLabels;

/// <summary>Step labels in the store, over each provider: stored once per step, exactly once under redelivery, exported stepwise.</summary>
public abstract class StepLabelsBehaviour(IStoreDatabase database)
{
    private static readonly string[] WrongSteps = ["12 + 30 = 40\n", "40 * 2 = 80\n", "Final answer: 80"];

    private DataFactoryDbContext Context() => database.CreateContext();

    private static LabelledCandidate Wrong() => new(
        WrongSteps,
        Verified: false,
        [
            new StepLabel(0, 0.5, true, 4, 2, LabelSource.Rollouts, false),
            new StepLabel(1, 0, false, 4, 0, LabelSource.Rollouts, true),
            new StepLabel(2, 0, false, 0, 0, LabelSource.Verdict, false),
        ],
        LabelSearch.Exhaustive);

    private static LabelledCandidate Right() => new(
        ["12 + 30 = 42\n", "42 * 2 = 84\n", "Final answer: 84"],
        Verified: true,
        [
            new StepLabel(0, 1, true, 0, 0, LabelSource.Inferred, false),
            new StepLabel(1, 1, true, 0, 0, LabelSource.Inferred, false),
            new StepLabel(2, 1, true, 0, 0, LabelSource.Verdict, false),
        ],
        LabelSearch.Bisect);

    [Fact]
    public async Task A_batch_stores_a_row_per_step_whose_texts_join_to_the_candidate_and_counts_them_on_the_run()
    {
        var (runId, ids) = await NewRunAsync(1);
        var outcome = TestData.Done(ids[0], 2, 1, 1) with { Labelled = [Wrong(), Right()] };

        await using var context = Context();
        var result = await new BatchWriter(context).WriteAsync(runId, [outcome], CancellationToken.None);

        Assert.Equal(6, result.StepLabelsWritten);
        var rows = await context.StepLabels.AsNoTracking().Where(l => l.RunId == runId && !l.CandidateVerified).OrderBy(l => l.StepIndex).ToListAsync();
        Assert.Equal(string.Concat(WrongSteps), string.Concat(rows.Select(r => r.StepText)));
        Assert.Equal([0.5, 0, 0], rows.Select(r => r.SoftLabel));
        Assert.Equal([true, false, false], rows.Select(r => r.HardLabel));
        Assert.Equal([false, true, false], rows.Select(r => r.FirstError));
        Assert.Equal(["rollouts", "rollouts", "verdict"], rows.Select(r => r.Source));
        Assert.All(rows, r => Assert.Equal(("exhaustive", 3, 32), (r.Search, r.StepCount, r.CandidateHash.Length)));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(WrongSteps))), rows[0].CandidateHash);
        var run = (await new RunStore(context).GetRunAsync(runId, CancellationToken.None))!;
        Assert.Equal((2, 6, 8), (run.LabelledCandidates, run.LabelledSteps, run.Rollouts));
    }

    [Fact]
    public async Task A_redelivered_batch_stores_no_step_label_twice_and_counts_nothing_twice()
    {
        var (runId, ids) = await NewRunAsync(3);
        ProblemOutcome[] outcomes = [.. ids.Select(id => TestData.Done(id, 2, 1, 1) with { Labelled = [Wrong(), Right()] })];

        await using (var context = Context())
        {
            Assert.Equal(18, (await new BatchWriter(context).WriteAsync(runId, outcomes, CancellationToken.None)).StepLabelsWritten);
        }

        await using (var context = Context())
        {
            var again = await new BatchWriter(context).WriteAsync(runId, outcomes, CancellationToken.None);
            Assert.Equal(0, again.StepLabelsWritten);
            Assert.Equal(3, again.Duplicates);
            Assert.Equal(18, await context.StepLabels.CountAsync(l => l.RunId == runId));
            var run = (await new RunStore(context).GetRunAsync(runId, CancellationToken.None))!;
            Assert.Equal((6, 18, 24), (run.LabelledCandidates, run.LabelledSteps, run.Rollouts));
        }
    }

    [Fact]
    public async Task The_same_candidate_labelled_twice_is_stored_once_by_the_unique_key()
    {
        var (runId, ids) = await NewRunAsync(1);
        var outcome = TestData.Done(ids[0], 2, 0, 0) with { Labelled = [Wrong(), Wrong() with { Search = LabelSearch.Bisect }] };

        await using var context = Context();
        var result = await new BatchWriter(context).WriteAsync(runId, [outcome], CancellationToken.None);

        Assert.Equal(3, result.StepLabelsWritten);
        Assert.Equal(["exhaustive"], await context.StepLabels.Where(l => l.RunId == runId).Select(l => l.Search).Distinct().ToListAsync());
        var run = (await new RunStore(context).GetRunAsync(runId, CancellationToken.None))!;
        Assert.Equal((1, 3), (run.LabelledCandidates, run.LabelledSteps));
    }

    [Fact]
    public async Task The_stepwise_export_writes_trls_fields_with_hard_or_soft_labels_and_steps_without_their_separators()
    {
        var (runId, ids) = await NewRunAsync(1);
        await using (var context = Context())
        {
            await new BatchWriter(context).WriteAsync(runId, [TestData.Done(ids[0], 2, 1, 1) with { Labelled = [Wrong()] }], CancellationToken.None);
        }

        var hard = await ExportAsync(runId, soft: false);
        var soft = await ExportAsync(runId, soft: true);

        using var line = JsonDocument.Parse(Assert.Single(hard));
        Assert.Equal(["prompt", "completions", "labels"], line.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrEmpty(line.RootElement.GetProperty("prompt").GetString()));
        Assert.Equal(["12 + 30 = 40", "40 * 2 = 80", "Final answer: 80"], line.RootElement.GetProperty("completions").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([true, false, false], line.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetBoolean()));
        using var softLine = JsonDocument.Parse(Assert.Single(soft));
        Assert.Equal([0.5, 0, 0], softLine.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetDouble()));
    }

    private async Task<string[]> ExportAsync(Guid runId, bool soft)
    {
        await using var context = Context();
        using var output = new MemoryStream();
        var result = await new TraceExporter(context).ExportAsync(
            output, new ExportOptions { RunId = runId, Format = ExportFormat.Stepwise, SoftLabels = soft }, null, CancellationToken.None);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(result.Traces, lines.Length);
        return lines;
    }

    private async Task<(Guid RunId, IReadOnlyList<long> ProblemIds)> NewRunAsync(int problems)
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(problems), CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(
            TestData.Run(set) with { Harvest = Core.Harvest.HarvestSettings.Label(2, 4, LabelSearch.Exhaustive) }, CancellationToken.None);
        return (run.RunId, run.ProblemIds);
    }
}
