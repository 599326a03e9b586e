using DataFactory.Storage.Regrade;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Tests.Store;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Regrade;

public sealed class PostgresRegradeTests(PostgresDatabase database) : RegradeBehaviour(database), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Two_regrades_at_once_and_a_worker_writing_beside_them_move_each_row_once()
    {
        var (set, runId, ids) = await SeedAsync();
        var (_, secondRun, _) = await SeedAsync(set, "Again: ");

        // A worker stores a batch of a third run while two regrades run; like a real worker it records the
        // current verifier's revision, so nothing it writes is due.
        await using var workerContext = Context();
        var third = await new RunStore(workerContext).CreateRunAsync(TestData.Run(set), CancellationToken.None);
        var first = RegradeAsync(new RegradeOptions { SetName = set, ProblemsPerBatch = 1 });
        var second = RegradeAsync(new RegradeOptions { SetName = set, ProblemsPerBatch = 1 });
        var worker = new BatchWriter(workerContext).WriteAsync(third.RunId, [ProblemOutcome.Done(third.ProblemIds[0], 4, 1, 40, [Trace("Worker: 1 + 1 = 2 and \\boxed{2}", "2", Current)])], CancellationToken.None);
        await Task.WhenAll(first, second, worker);
        RegradeReport[] reports = [await first, await second];

        // Each run had one trace to demote and one rejected candidate to promote; between the two regrades each move happened once.
        Assert.Equal(2, reports.Sum(r => r.ToTraces));
        Assert.Equal(2, reports.Sum(r => r.ToRejected));
        await using var context = Context();
        foreach (var run in new[] { runId, secondRun })
        {
            var summary = (await new RunStore(context).GetRunAsync(run, CancellationToken.None))!;
            Assert.Equal(await context.Traces.CountAsync(t => t.RunId == run), summary.Traces);
            Assert.Equal(await context.RejectedCandidates.CountAsync(r => r.RunId == run), summary.Rejected);
            Assert.Equal(await context.ProblemAttempts.Where(a => a.RunId == run).SumAsync(a => a.Correct), summary.Verified);
        }

        Assert.Equal(1, (await new RunStore(context).GetRunAsync(third.RunId, CancellationToken.None))!.Traces);
        Assert.Equal(ids.Count, await context.ProblemAttempts.CountAsync(a => a.RunId == runId));
    }
}
