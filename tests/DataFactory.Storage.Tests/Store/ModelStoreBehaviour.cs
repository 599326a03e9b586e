using DataFactory.Storage.Import;
using DataFactory.Storage.Models;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Store;

/// <summary>The models table and the lineage, run over each provider by the derived classes.</summary>
public abstract class ModelStoreBehaviour(IStoreDatabase database)
{
    private DataFactoryDbContext Context() => database.CreateContext();

    [Fact]
    public async Task A_run_records_its_model_by_fingerprint_once()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(2), CancellationToken.None);
        var fingerprint = "fp-" + Guid.NewGuid().ToString("N");
        var request = TestData.Run(set) with { Model = new ModelIdentity("m", "/m", fingerprint) };

        var first = await new RunStore(context).CreateRunAsync(request, CancellationToken.None);
        var second = await new RunStore(context).CreateRunAsync(request, CancellationToken.None);

        var model = await context.Models.AsNoTracking().SingleAsync(m => m.Fingerprint == fingerprint);
        var runs = await context.Runs.AsNoTracking().Where(r => r.Id == first.RunId || r.Id == second.RunId).Select(r => r.ModelId).ToListAsync();
        Assert.Equal([model.Id, model.Id], runs);
    }

    [Fact]
    public async Task Registration_records_parent_and_training_runs_and_is_idempotent()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(3), CancellationToken.None);
        var parentPrint = "parent-" + Guid.NewGuid().ToString("N");
        var run = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { Model = new ModelIdentity("base", "/b", parentPrint) }, CancellationToken.None);
        var models = new ModelStore(context);
        var registration = new ModelRegistration("child", "child-" + Guid.NewGuid().ToString("N"))
        {
            ParentName = "base",
            ParentFingerprint = parentPrint,
            TrainedOnRuns = [run.RunId],
            Training = """{"steps": 3}""",
        };

        var id = await models.RegisterAsync(registration, CancellationToken.None);
        Assert.Equal(id, await models.RegisterAsync(registration, CancellationToken.None));

        var rows = (await models.ListAsync(CancellationToken.None)).Where(m => m.Fingerprint == parentPrint || m.Id == id).ToList();
        Assert.Equal(2, rows.Count);
        var parent = Assert.Single(rows, r => r.Fingerprint == parentPrint);
        var child = Assert.Single(rows, r => r.Id == id);
        Assert.Equal(parent.Id, child.ParentId);
        Assert.Equal([run.RunId], child.TrainedOnRuns);
        Assert.Equal(1, parent.Runs);
        Assert.Equal([run.RunId], await models.LineageRunsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Registration_refuses_a_run_the_store_does_not_have()
    {
        await using var context = Context();
        var missing = Guid.NewGuid();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ModelStore(context).RegisterAsync(
            new ModelRegistration("x", "x-" + Guid.NewGuid().ToString("N")) { TrainedOnRuns = [missing] }, CancellationToken.None));
        Assert.Contains(missing.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_attempted_by_the_lineage_runs_are_counted_as_shared()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        var problems = TestData.MathProblems(4);
        await new ProblemSetStore(context).ImportAsync(set, problems, CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { MaxProblems = 4 }, CancellationToken.None);
        // Only the first two problems were attempted (trained on).
        await new BatchWriter(context).WriteAsync(run.RunId, [TestData.Done(run.ProblemIds[0], 4, 1, 1), TestData.Done(run.ProblemIds[1], 4, 0, 0)], CancellationToken.None);

        var evaluated = new[]
        {
            problems[0],
            problems[1] with { Id = "other-id", Prompt = "  " + problems[1].Prompt.ToUpperInvariant() + "\n" },
            problems[2],
            TestData.MathProblem(99),
        };
        var shared = await new ModelStore(context).CountSharedAsync(evaluated, [run.RunId], CancellationToken.None);

        Assert.Equal(2, shared);
        Assert.Equal(0, await new ModelStore(context).CountSharedAsync(evaluated, [], CancellationToken.None));
    }
}
