using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Storage.Import;
using DataFactory.Storage.Regrade;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Tests.Store;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Regrade;

/// <summary>
/// Regrading over each provider. A verifier change is simulated the way it reaches a real store: rows
/// stored with an older revision (0) and the verdict that revision gave, which the current one overturns.
/// </summary>
public abstract class RegradeBehaviour(IStoreDatabase database)
{
    protected static readonly VerifierRegistry Verifiers = VerifierRegistry.CreateDefault();
    protected static readonly StepCheckerRegistry StepCheckers = StepCheckerRegistry.CreateDefault();
    protected static readonly int Current = Verifiers.VersionOf(Core.Problems.TaskKind.Math);

    protected IStoreDatabase Database { get; } = database;

    protected DataFactoryDbContext Context() => Database.CreateContext();

    [Fact]
    public async Task After_a_version_change_regrade_moves_exactly_the_affected_rows_and_a_second_regrade_changes_nothing()
    {
        var (set, runId, ids) = await SeedAsync();

        var report = await RegradeAsync(new RegradeOptions { SetName = set });

        // Rows of revision 0: the wrong trace of p2 and both rejected candidates of p3. The rejected
        // candidate of p4 is right, but the current revision judged it, so it is not re-read.
        var line = Assert.Single(report.Lines);
        Assert.Equal(("math", 0, Current), (line.Verifier, line.FromVersion, line.ToVersion));
        Assert.Equal(3, line.Checked);
        Assert.Equal(1, line.ToTraces);
        Assert.Equal(1, line.ToRejected);
        Assert.Equal(1, line.Unchanged);
        Assert.Equal(0, line.Skipped);
        await AssertStoreAsync(runId, ids,
            traces: [(0, "So 1 + 1 = 2 and \\boxed{2}"), (2, "So 3 + 3 = 6 and \\boxed{6}")],
            rejected: [(1, "So 2 + 2 = 5 and \\boxed{5}"), (2, "\\boxed{7}"), (3, "\\boxed{8}")]);

        await using (var context = Context())
        {
            Assert.All(await context.Traces.Where(t => t.RunId == runId).ToListAsync(), t => Assert.Equal(Current, t.VerifierVersion));
            var attempts = await context.ProblemAttempts.Where(a => a.RunId == runId).ToDictionaryAsync(a => a.ProblemId);
            Assert.Equal((0, 0.0), (attempts[ids[1]].Correct, attempts[ids[1]].PassRate!.Value));
            Assert.Equal((1, 0.5), (attempts[ids[2]].Correct, attempts[ids[2]].PassRate!.Value));
            var run = (await new RunStore(context).GetRunAsync(runId, CancellationToken.None))!;
            Assert.Equal((2L, 2L, 3L), (run.Verified, run.Traces, run.Rejected));
            var moved = await context.Traces.SingleAsync(t => t.ProblemId == ids[2]);
            Assert.Equal("6", moved.FinalAnswer);
            Assert.NotNull(moved.StepCheck);
            var demoted = await context.RejectedCandidates.SingleAsync(r => r.ProblemId == ids[1]);
            Assert.Equal(("incorrect", "5", Current), (demoted.Verdict, demoted.FinalAnswer, demoted.VerifierVersion));
        }

        var again = await RegradeAsync(new RegradeOptions { SetName = set });
        Assert.Empty(again.Lines);
        Assert.True(again.NothingMoved);

        // Re-checking everything with the current revision moves the one it had not re-read, and nothing else.
        var all = await RegradeAsync(new RegradeOptions { SetName = set, All = true });
        Assert.Equal(5, all.Checked);
        Assert.Equal(1, all.ToTraces);
        Assert.Equal(0, all.ToRejected);
        var once = await RegradeAsync(new RegradeOptions { SetName = set, All = true });
        Assert.True(once.NothingMoved);
        Assert.Equal(5, once.Checked);
    }

    [Fact]
    public async Task Regrade_of_one_run_leaves_the_other_runs_of_the_set_alone()
    {
        var (set, runId, _) = await SeedAsync();
        var (_, otherRun, otherIds) = await SeedAsync(set, "Again: ");

        var report = await RegradeAsync(new RegradeOptions { SetName = set, RunId = runId });

        Assert.Equal(1, report.ToTraces);
        await using var context = Context();
        Assert.Equal(0, await context.RejectedCandidates.CountAsync(r => r.RunId == otherRun && r.VerifierVersion == Current && r.ProblemId != otherIds[3]));
    }

    [Fact]
    public async Task A_promoted_candidate_with_a_false_step_becomes_a_flawed_trace_and_is_counted()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(1), CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { KeepRejected = true }, CancellationToken.None);
        var text = "First 2 + 3 = 7, then again 1 + 1 = 2 so \\boxed{2}";
        await new BatchWriter(context).WriteAsync(run.RunId, [Rejected(run.ProblemIds[0], 1, 0, (text, "2"))], CancellationToken.None);

        var report = await RegradeAsync(new RegradeOptions { SetName = set });

        Assert.Equal(1, report.ToTraces);
        var trace = await context.Traces.AsNoTracking().SingleAsync(t => t.RunId == run.RunId);
        Assert.True(trace.Flawed);
        var summary = (await new RunStore(context).GetRunAsync(run.RunId, CancellationToken.None))!;
        Assert.Equal((1L, 1L, 1L, 0L), (summary.Verified, summary.Flawed, summary.Traces, summary.Rejected));
    }

    [Fact]
    public async Task Regrade_reports_progress_up_to_the_total()
    {
        var (set, _, _) = await SeedAsync();
        var reports = new List<RegradeProgress>();

        await RegradeAsync(new RegradeOptions { SetName = set, ProblemsPerBatch = 1 }, new SynchronousProgress(reports.Add));

        Assert.Equal(new RegradeProgress(0, 3, 0, 0), reports[0]);
        Assert.Equal(new RegradeProgress(3, 3, 1, 1), reports[^1]);
        Assert.True(reports.Count >= 3);
    }

    [Fact]
    public async Task An_unknown_set_or_a_run_of_another_set_is_refused()
    {
        var (set, _, _) = await SeedAsync();
        var (_, otherRun, _) = await SeedAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => RegradeAsync(new RegradeOptions { SetName = "no-such-set" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => RegradeAsync(new RegradeOptions { SetName = set, RunId = otherRun }));
    }

    protected async Task<RegradeReport> RegradeAsync(RegradeOptions options, IProgress<RegradeProgress>? progress = null)
    {
        await using var context = Context();
        return await new Regrader(context, Verifiers, StepCheckers).RegradeAsync(options, progress, CancellationToken.None);
    }

    /// <summary>
    /// Four problems (gold 2, 4, 6, 8), one run keeping rejected candidates: p1 a right trace of the current
    /// revision; p2 a wrong trace revision 0 accepted; p3 a right and a wrong candidate revision 0 rejected;
    /// p4 a right candidate the current revision rejected (as a verifier bug fixed without a version change would leave).
    /// </summary>
    protected async Task<(string Set, Guid RunId, IReadOnlyList<long> Ids)> SeedAsync(string? existingSet = null, string tag = "")
    {
        var set = existingSet ?? TestData.NewSetName();
        await using var context = Context();
        if (existingSet is null)
        {
            await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(4), CancellationToken.None);
        }

        var run = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { KeepRejected = true }, CancellationToken.None);
        var ids = run.ProblemIds;
        ProblemOutcome[] outcomes =
        [
            ProblemOutcome.Done(ids[0], 1, 1, 10, [Trace(tag + "So 1 + 1 = 2 and \\boxed{2}", "2", Current)]),
            ProblemOutcome.Done(ids[1], 1, 1, 10, [Trace(tag + "So 2 + 2 = 5 and \\boxed{5}", "5", 0)]),
            Rejected(ids[2], 2, 0, (tag + "So 3 + 3 = 6 and \\boxed{6}", "6"), (tag + "\\boxed{7}", "7")),
            Rejected(ids[3], 1, Current, (tag + "\\boxed{8}", "8")),
        ];
        await new BatchWriter(context).WriteAsync(run.RunId, outcomes, CancellationToken.None);
        return (set, run.RunId, ids);
    }

    protected static VerifiedTrace Trace(string text, string answer, int version) =>
        new(text, Verdict.Correct(answer), "math", 10) { VerifierVersion = version };

    private static ProblemOutcome Rejected(long problemId, int candidates, int version, params (string Text, string Answer)[] wrong) =>
        ProblemOutcome.Done(problemId, candidates, 0, 10, []) with
        {
            Rejected = [.. wrong.Select(w => new RejectedCandidate(w.Text, Verdict.Incorrect(w.Answer, "not equivalent"), "math", version, 10))],
        };

    private async Task AssertStoreAsync(Guid runId, IReadOnlyList<long> ids, (int Problem, string Text)[] traces, (int Problem, string Text)[] rejected)
    {
        await using var context = Context();
        var storedTraces = (await context.Traces.AsNoTracking().Where(t => t.RunId == runId).ToListAsync())
            .Select(t => (ids.ToList().IndexOf(t.ProblemId), t.Text)).Order().ToArray();
        var storedRejected = (await context.RejectedCandidates.AsNoTracking().Where(r => r.RunId == runId).ToListAsync())
            .Select(r => (ids.ToList().IndexOf(r.ProblemId), CandidateText.Decompress(r.TextCompressed))).Order().ToArray();
        Assert.Equal(traces.Order().ToArray(), storedTraces);
        Assert.Equal(rejected.Order().ToArray(), storedRejected);
    }

    private sealed class SynchronousProgress(Action<RegradeProgress> report) : IProgress<RegradeProgress>
    {
        public void Report(RegradeProgress value) => report(value);
    }
}
