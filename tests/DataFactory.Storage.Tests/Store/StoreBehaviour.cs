using DataFactory.Core.Harvest;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Schema;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Store;

/// <summary>The store's behaviour, run over each provider by the derived classes.</summary>
public abstract class StoreBehaviour(IStoreDatabase database)
{
    protected IStoreDatabase Database { get; } = database;

    protected DataFactoryDbContext Context() => Database.CreateContext();

    [Fact]
    public async Task Migrations_apply_to_an_empty_database()
    {
        await using var context = Context();
        var all = context.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, Database.AppliedByMigrator);
        Assert.Equal(all, await context.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());

        // Every table of the model exists and answers a query.
        await context.ProblemSets.Take(1).ToListAsync();
        await context.Problems.Take(1).ToListAsync();
        await context.Runs.Take(1).ToListAsync();
        await context.ProblemAttempts.Take(1).ToListAsync();
        await context.Traces.Take(1).ToListAsync();
    }

    [Fact]
    public async Task Migrations_cover_the_model()
    {
        await using var context = Context();
        Assert.False(
            context.Database.HasPendingModelChanges(),
            "The model has changes no migration covers: add a migration (migrations/README.md).");
    }

    [Fact]
    public async Task Import_stores_every_field_of_a_problem()
    {
        var set = TestData.NewSetName();
        Problem[] problems =
        [
            TestData.MathProblem(1),
            new() { Id = "c1", Prompt = "Reach 24 with 4 7 8 8.", Kind = TaskKind.Countdown, Numbers = [4, 7, 8, 8], Target = 24 },
            new() { Id = "m1", Prompt = "Pick one: été?", Kind = TaskKind.MultipleChoice, Answer = "B", Options = ["hiver", "été"] },
            new() { Id = "k1", Prompt = "Write f.", Kind = TaskKind.Code, Tests = "assert f() == 1" },
        ];

        await using var context = Context();
        var result = await new ProblemSetStore(context).ImportAsync(set, problems, CancellationToken.None);

        Assert.True(result.SetCreated);
        Assert.Equal(4, result.Added);
        var ids = await context.Problems.Where(p => p.SetId == result.SetId).Select(p => p.Id).ToListAsync();
        var stored = await new ProblemSetStore(context).GetProblemsAsync(ids, CancellationToken.None);
        var byId = stored.Select(s => s.ToProblem()).ToDictionary(p => p.Id);
        foreach (var expected in problems)
        {
            var actual = byId[expected.Id];
            Assert.Equal(expected.Prompt, actual.Prompt);
            Assert.Equal(expected.Kind, actual.Kind);
            Assert.Equal(expected.Answer, actual.Answer);
            Assert.Equal(expected.Numbers, actual.Numbers);
            Assert.Equal(expected.Target, actual.Target);
            Assert.Equal(expected.Options, actual.Options);
            Assert.Equal(expected.Tests, actual.Tests);
        }

        Assert.Contains("\"source\"", byId["p0001"].Metadata);
    }

    [Fact]
    public async Task Reimporting_identical_problems_skips_them_and_adds_new_ones()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        var store = new ProblemSetStore(context);
        await store.ImportAsync(set, TestData.MathProblems(5), CancellationToken.None);

        var again = await store.ImportAsync(set, TestData.MathProblems(7), CancellationToken.None);

        Assert.False(again.SetCreated);
        Assert.Equal(5, again.Unchanged);
        Assert.Equal(2, again.Added);
        Assert.Equal(7, await context.Problems.CountAsync(p => p.SetId == again.SetId));
    }

    [Fact]
    public async Task A_changed_problem_rejects_the_whole_import_and_names_its_id()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        var store = new ProblemSetStore(context);
        var first = await store.ImportAsync(set, TestData.MathProblems(3), CancellationToken.None);
        Problem[] second = [TestData.MathProblem(2, answer: "5"), TestData.MathProblem(9)];

        var error = await Assert.ThrowsAsync<ProblemImportException>(() => store.ImportAsync(set, second, CancellationToken.None));

        Assert.Equal(["p0002"], error.ProblemIds);
        Assert.Contains("'p0002'", error.Message);
        Assert.Equal(3, await context.Problems.CountAsync(p => p.SetId == first.SetId));
    }

    [Fact]
    public async Task A_rejected_file_creates_no_set()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        var store = new ProblemSetStore(context);
        Problem[] problems = [TestData.MathProblem(1), TestData.MathProblem(2), TestData.MathProblem(1)];

        var error = await Assert.ThrowsAsync<ProblemImportException>(() => store.ImportAsync(set, problems, CancellationToken.None));

        Assert.Equal(["p0001"], error.ProblemIds);
        Assert.Null(await store.FindSetAsync(set, CancellationToken.None));
    }

    [Fact]
    public async Task Invalid_metadata_rejects_the_import()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        Problem[] problems = [TestData.MathProblem(1) with { Metadata = "{not json" }];

        var error = await Assert.ThrowsAsync<ProblemImportException>(
            () => new ProblemSetStore(context).ImportAsync(set, problems, CancellationToken.None));

        Assert.Equal(["p0001"], error.ProblemIds);
    }

    [Fact]
    public async Task The_same_content_under_another_id_is_skipped_as_a_duplicate()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        Problem[] problems = [TestData.MathProblem(1), TestData.MathProblem(1) with { Id = "copy", Metadata = null }];

        var result = await new ProblemSetStore(context).ImportAsync(set, problems, CancellationToken.None);

        Assert.Equal(1, result.Added);
        Assert.Equal(1, result.Duplicates);
    }

    [Fact]
    public async Task Creating_a_run_queues_every_problem_of_the_set()
    {
        var (run, _) = await NewRunAsync(6);

        await using var context = Context();
        var summary = await new RunStore(context).GetRunAsync(run.RunId, CancellationToken.None);

        Assert.NotNull(summary);
        Assert.Equal(6, run.ProblemIds.Count);
        Assert.Equal(RunState.Queued, summary.Status);
        Assert.Equal(6, summary.ProblemsTotal);
        Assert.Equal(6, summary.ProblemsQueued);
        Assert.Equal(4, summary.Sampling.Samples);
        Assert.Equal(["</s>"], summary.Sampling.StopStrings);
        Assert.Equal("tiny-reasoner", summary.Model.Name);
    }

    [Fact]
    public async Task A_runs_queueing_resumes_with_the_problems_neither_queued_nor_finished_and_never_a_later_import()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(10), CancellationToken.None);
        var runs = new RunStore(context);
        var run = await runs.CreateRunAsync(TestData.Run(set) with { MaxProblems = 8 }, CancellationToken.None);
        var ids = run.ProblemIds;
        Assert.False((await runs.GetRunAsync(run.RunId, CancellationToken.None))!.QueueingComplete);

        // Three queued, the fifth finished (a message the broker took after the last confirmed send), a problem imported later.
        await runs.RecordQueuedAsync(run.RunId, ids[2], 3, CancellationToken.None);
        await new BatchWriter(context).WriteAsync(run.RunId, [TestData.Done(ids[4], 4, 1, 1)], CancellationToken.None);
        await new ProblemSetStore(context).ImportAsync(set, [TestData.MathProblem(11)], CancellationToken.None);

        var queueing = await runs.GetQueueingAsync(run.RunId, requeueUnfinished: false, CancellationToken.None);
        Assert.Equal(ids, queueing.ProblemIds);
        Assert.Equal([ids[3], ids[5], ids[6], ids[7]], queueing.Pending);
        Assert.Equal("sha256:abc", queueing.ModelHash);
        var summary = (await runs.GetRunAsync(run.RunId, CancellationToken.None))!;
        Assert.Equal(3, summary.ProblemsSent);
        Assert.False(summary.QueueingComplete);

        // The mark only moves forward; at the last problem queueing is complete and nothing is pending.
        await runs.RecordQueuedAsync(run.RunId, ids[7], 8, CancellationToken.None);
        await runs.RecordQueuedAsync(run.RunId, ids[5], 6, CancellationToken.None);
        Assert.Empty((await runs.GetQueueingAsync(run.RunId, requeueUnfinished: false, CancellationToken.None)).Pending);
        summary = (await runs.GetRunAsync(run.RunId, CancellationToken.None))!;
        Assert.Equal(8, summary.ProblemsSent);
        Assert.True(summary.QueueingComplete);
    }

    [Fact]
    public async Task Creating_a_run_over_an_unknown_set_fails()
    {
        await using var context = Context();
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RunStore(context).CreateRunAsync(TestData.Run("no-such-set"), CancellationToken.None));
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_changes_nothing()
    {
        var (run, _) = await NewRunAsync(4);
        var batch = run.ProblemIds.Select(id => TestData.Done(id, candidates: 8, correct: 3, traces: 3)).ToList();

        await using (var context = Context())
        {
            var first = await new BatchWriter(context).WriteAsync(run.RunId, batch, CancellationToken.None);
            Assert.Equal(4, first.NewAttempts);
            Assert.Equal(12, first.TracesWritten);
        }

        var before = await SnapshotAsync(run.RunId);
        await using (var context = Context())
        {
            var second = await new BatchWriter(context).WriteAsync(run.RunId, batch, CancellationToken.None);
            Assert.Equal(new BatchWriteResult(0, 4, 0, 0, false), second);
        }

        Assert.Equal(before, await SnapshotAsync(run.RunId));
    }

    [Fact]
    public async Task A_batch_redelivered_concurrently_is_counted_once()
    {
        var (run, _) = await NewRunAsync(20);
        var batch = run.ProblemIds.Select(id => TestData.Done(id, candidates: 4, correct: 2, traces: 2)).ToList();

        async Task<BatchWriteResult> WriteAsync()
        {
            await using var context = Context();
            return await new BatchWriter(context).WriteAsync(run.RunId, batch, CancellationToken.None);
        }

        var results = await Task.WhenAll(WriteAsync(), WriteAsync(), WriteAsync());

        Assert.Equal(20, results.Sum(r => r.NewAttempts));
        var snapshot = await SnapshotAsync(run.RunId);
        Assert.Equal(20, snapshot.Attempts);
        Assert.Equal(40, snapshot.Traces);
        Assert.Equal(20, snapshot.Run.ProblemsDone);
        Assert.Equal(80, snapshot.Run.Candidates);
        Assert.Equal(RunState.Done, snapshot.Run.Status);
    }

    [Fact]
    public async Task Run_counters_equal_the_sums_of_the_attempts()
    {
        var (run, _) = await NewRunAsync(10);
        var ids = run.ProblemIds;
        await using (var context = Context())
        {
            var writer = new BatchWriter(context);
            await writer.WriteAsync(run.RunId, [.. ids.Take(4).Select((id, i) => TestData.Done(id, 8, i, i))], CancellationToken.None);
            await writer.WriteAsync(run.RunId, [.. ids.Skip(3).Take(4).Select((id, i) => TestData.Done(id, 6, i + 1, 1))], CancellationToken.None);
        }

        await using var check = Context();
        var attempts = await check.ProblemAttempts.Where(a => a.RunId == run.RunId).ToListAsync();
        var stored = await check.Runs.SingleAsync(r => r.Id == run.RunId);
        Assert.Equal(7, attempts.Count);
        Assert.Equal(attempts.Count(a => a.Status == AttemptStatus.Done), stored.ProblemsDone);
        Assert.Equal(attempts.Sum(a => (long)a.Candidates), stored.Candidates);
        Assert.Equal(attempts.Sum(a => (long)a.Correct), stored.Verified);
        Assert.Equal(attempts.Sum(a => a.Tokens), stored.Tokens);
        Assert.Equal(await check.Traces.CountAsync(t => t.RunId == run.RunId), stored.Traces);
        Assert.All(attempts, a => Assert.Equal((double)a.Correct / a.Candidates, a.PassRate!.Value, 12));
        Assert.Equal(RunState.Running, stored.Status);
    }

    [Fact]
    public async Task Flawed_counts_and_generation_seconds_add_up_once_under_redelivery()
    {
        var (run, _) = await NewRunAsync(2);
        var outcomes = new[]
        {
            TestData.Done(run.ProblemIds[0], 8, 3, 2) with { Flawed = 1, Duration = TimeSpan.FromSeconds(1.5) },
            TestData.Done(run.ProblemIds[1], 8, 2, 1) with { Flawed = 2, Duration = TimeSpan.FromSeconds(2.5) },
        };
        await using (var context = Context())
        {
            await new BatchWriter(context).WriteAsync(run.RunId, outcomes, CancellationToken.None);
            await new BatchWriter(context).WriteAsync(run.RunId, outcomes, CancellationToken.None);
        }

        await using var check = Context();
        var stored = await check.Runs.SingleAsync(r => r.Id == run.RunId);
        Assert.Equal(3, stored.Flawed);
        Assert.Equal(3, await check.ProblemAttempts.Where(a => a.RunId == run.RunId).SumAsync(a => a.Flawed));
        Assert.Equal(4.0, stored.GenerationSeconds, 9);
        var summary = await new RunStore(check).GetRunAsync(run.RunId, CancellationToken.None);
        Assert.Equal(stored.Tokens / 4.0, summary!.TokensPerSecond!.Value, 9);
    }

    [Fact]
    public async Task More_flawed_than_correct_candidates_is_refused()
    {
        var (run, _) = await NewRunAsync(1);
        await using var context = Context();
        await Assert.ThrowsAsync<ArgumentException>(() => new BatchWriter(context).WriteAsync(
            run.RunId, [TestData.Done(run.ProblemIds[0], 8, 1, 1) with { Flawed = 2 }], CancellationToken.None));
    }

    [Fact]
    public async Task A_run_that_stops_on_false_steps_keeps_its_setting_and_counts_stopped_candidates_once_never_more_than_its_candidates()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(2), CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(
            TestData.Run(set) with { Harvest = HarvestSettings.Flat(8) with { StopOnFalseStep = true } }, CancellationToken.None);
        var ids = run.ProblemIds;
        var writer = new BatchWriter(context);

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(
            run.RunId, [TestData.Done(ids[0], 8, 1, 1) with { Stopped = 9 }], CancellationToken.None));
        ProblemOutcome[] outcomes = [TestData.Done(ids[0], 8, 2, 1) with { Stopped = 5 }, TestData.Done(ids[1], 8, 0, 0) with { Stopped = 8 }];
        await writer.WriteAsync(run.RunId, outcomes, CancellationToken.None);
        await writer.WriteAsync(run.RunId, outcomes, CancellationToken.None);

        await using var check = Context();
        var summary = await new RunStore(check).GetRunAsync(run.RunId, CancellationToken.None);
        Assert.Equal(13, summary!.Stopped);
        Assert.Equal(16, summary.Candidates);
        Assert.True(summary.Harvest.StopOnFalseStep);
        Assert.EndsWith(", candidates stop at a false step", summary.Harvest.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saturation_run_keeps_its_setting_and_counts_saturated_problems_once_and_a_saturated_problem_needs_a_verified_candidate()
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(3), CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(
            TestData.Run(set) with { Harvest = HarvestSettings.Adaptive(4, 64, saturation: true) }, CancellationToken.None);
        var ids = run.ProblemIds;
        var writer = new BatchWriter(context);

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(
            run.RunId, [TestData.Done(ids[0], 8, 0, 0) with { Saturated = true }], CancellationToken.None));
        ProblemOutcome[] outcomes = [TestData.Done(ids[0], 8, 7, 1) with { Saturated = true }, TestData.Done(ids[1], 24, 9, 2) with { Saturated = true }, TestData.Done(ids[2], 8, 4, 4)];
        await writer.WriteAsync(run.RunId, outcomes, CancellationToken.None);
        await writer.WriteAsync(run.RunId, outcomes, CancellationToken.None);

        await using var check = Context();
        Assert.Equal(2, await check.ProblemAttempts.CountAsync(a => a.RunId == run.RunId && a.Saturated));
        var summary = await new RunStore(check).GetRunAsync(run.RunId, CancellationToken.None);
        Assert.Equal(2, summary!.ProblemsSaturated);
        Assert.True(summary.Harvest.Saturation);
        Assert.Equal("adaptive K=4 B=64 rounds 8, doubling, stops when saturated", summary.Harvest.Describe());
    }

    [Fact]
    public async Task The_run_is_done_once_every_problem_is_done_or_failed()
    {
        var (run, _) = await NewRunAsync(5);
        var ids = run.ProblemIds;
        await using var context = Context();
        var writer = new BatchWriter(context);

        var done = await writer.WriteAsync(run.RunId, [.. ids.Take(3).Select(id => TestData.Done(id, 4, 1, 1))], CancellationToken.None);
        var failed = await writer.MarkFailedAsync(run.RunId, [.. ids.Skip(2)], "kept failing", CancellationToken.None);
        var again = await writer.MarkFailedAsync(run.RunId, [.. ids], "kept failing", CancellationToken.None);

        Assert.False(done.RunCompleted);
        Assert.True(failed.RunCompleted);
        Assert.Equal(2, failed.NewAttempts);
        Assert.Equal(1, failed.Duplicates);
        Assert.False(again.RunCompleted);
        Assert.Equal(0, again.NewAttempts);
        var summary = await new RunStore(context).GetRunAsync(run.RunId, CancellationToken.None);
        Assert.NotNull(summary);
        Assert.Equal(RunState.Done, summary.Status);
        Assert.Equal(3, summary.ProblemsDone);
        Assert.Equal(2, summary.ProblemsFailed);
        Assert.Equal(0, summary.ProblemsQueued);
        Assert.NotNull(summary.FinishedAt);
        Assert.Equal(0.25, summary.AcceptanceRate);
        var failure = await context.ProblemAttempts.SingleAsync(a => a.RunId == run.RunId && a.ProblemId == ids[4]);
        Assert.Equal(AttemptStatus.Failed, failure.Status);
        Assert.Equal("kept failing", failure.FailureReason);
        Assert.Null(failure.PassRate);
    }

    [Fact]
    public async Task A_text_already_stored_for_the_problem_is_not_stored_again()
    {
        var (run, _) = await NewRunAsync(1);
        var id = run.ProblemIds[0];
        VerifiedTrace[] traces = [TestData.Trace("Step 1.\nSo \\boxed{42}"), TestData.Trace("  Step 1.   So \\boxed{42}\r\n")];
        await using var context = Context();

        var result = await new BatchWriter(context).WriteAsync(
            run.RunId, [ProblemOutcome.Done(id, 2, 2, 20, traces)], CancellationToken.None);

        Assert.Equal(1, result.TracesWritten);
        Assert.Equal(1, result.TracesSkipped);
        Assert.Equal(1, await context.Traces.CountAsync(t => t.ProblemId == id));
        Assert.Equal(1, (await context.Runs.SingleAsync(r => r.Id == run.RunId)).Traces);
    }

    [Fact]
    public async Task A_later_run_stores_only_the_texts_the_problem_does_not_have_yet()
    {
        var (first, set) = await NewRunAsync(3);
        await using var context = Context();
        var second = await new RunStore(context).CreateRunAsync(TestData.Run(set), CancellationToken.None);
        var writer = new BatchWriter(context);
        await writer.WriteAsync(first.RunId, [.. first.ProblemIds.Select(id => TestData.Done(id, 4, 2, 2))], CancellationToken.None);

        // The second run finds the same two texts for each problem and one new one.
        var result = await writer.WriteAsync(second.RunId, [.. second.ProblemIds.Select(id => TestData.Done(id, 4, 3, 3))], CancellationToken.None);

        Assert.Equal(3, result.TracesWritten);
        Assert.Equal(6, result.TracesSkipped);
        Assert.Equal(3, await context.Traces.CountAsync(t => t.RunId == second.RunId));
        Assert.Equal(9, await context.Traces.CountAsync(t => first.ProblemIds.Contains(t.ProblemId)));
        Assert.Equal(3, (await context.Runs.SingleAsync(r => r.Id == second.RunId)).Traces);
    }

    [Fact]
    public async Task Runs_writing_the_same_texts_at_once_store_each_text_once_and_count_it_once()
    {
        var (first, set) = await NewRunAsync(16);
        RunCreated[] runs;
        await using (var context = Context())
        {
            runs = [first, await new RunStore(context).CreateRunAsync(TestData.Run(set), CancellationToken.None), await new RunStore(context).CreateRunAsync(TestData.Run(set), CancellationToken.None)];
        }

        async Task<BatchWriteResult> WriteAsync(RunCreated run)
        {
            await using var context = Context();
            return await new BatchWriter(context).WriteAsync(run.RunId, [.. run.ProblemIds.Select(id => TestData.Done(id, 4, 4, 4))], CancellationToken.None);
        }

        var results = await Task.WhenAll(runs.Select(WriteAsync));

        Assert.Equal(64, results.Sum(r => r.TracesWritten));
        Assert.Equal(128, results.Sum(r => r.TracesSkipped));
        await using var check = Context();
        Assert.Equal(64, await check.Traces.CountAsync(t => first.ProblemIds.Contains(t.ProblemId)));
        foreach (var run in runs)
        {
            var stored = await check.Traces.CountAsync(t => t.RunId == run.RunId);
            Assert.Equal(stored, (await check.Runs.SingleAsync(r => r.Id == run.RunId)).Traces);
        }
    }

    [Fact]
    public async Task Deleting_a_run_deletes_its_attempts_and_traces_and_nothing_else()
    {
        var (first, set) = await NewRunAsync(2);
        await using var context = Context();
        var second = await new RunStore(context).CreateRunAsync(TestData.Run(set), CancellationToken.None);
        var writer = new BatchWriter(context);
        await writer.WriteAsync(first.RunId, [.. first.ProblemIds.Select(id => TestData.Done(id, 4, 2, 2))], CancellationToken.None);
        await writer.WriteAsync(second.RunId, [.. second.ProblemIds.Select(id => TestData.Done(id, 4, 3, 3))], CancellationToken.None);

        await context.Runs.Where(r => r.Id == second.RunId).ExecuteDeleteAsync();

        Assert.Equal(0, await context.ProblemAttempts.CountAsync(a => a.RunId == second.RunId));
        Assert.Equal(0, await context.Traces.CountAsync(t => t.RunId == second.RunId));
        Assert.Equal(4, await context.Traces.CountAsync(t => t.RunId == first.RunId));
    }

    [Fact]
    public async Task An_unverified_trace_is_refused_and_nothing_is_written()
    {
        var (run, _) = await NewRunAsync(2);
        var bad = new VerifiedTrace("wrong", Verdict.Incorrect("41", "not equal"), "math", 3);
        ProblemOutcome[] batch =
        [
            TestData.Done(run.ProblemIds[0], 2, 1, 1),
            ProblemOutcome.Done(run.ProblemIds[1], 2, 1, 10, [bad]),
        ];
        await using var context = Context();

        await Assert.ThrowsAsync<ArgumentException>(() => new BatchWriter(context).WriteAsync(run.RunId, batch, CancellationToken.None));

        Assert.Equal(0, await context.ProblemAttempts.CountAsync(a => a.RunId == run.RunId));
    }

    [Fact]
    public async Task Writing_to_an_unknown_run_fails()
    {
        var (run, _) = await NewRunAsync(1);
        await using var context = Context();

        await Assert.ThrowsAnyAsync<Exception>(
            () => new BatchWriter(context).WriteAsync(Guid.NewGuid(), [TestData.Done(run.ProblemIds[0], 1, 1, 1)], CancellationToken.None));
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_per_set()
    {
        var (first, set) = await NewRunAsync(2);
        await using var context = Context();
        var second = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { MaxProblems = 1 }, CancellationToken.None);

        var runs = await new RunStore(context).ListRunsAsync(set, CancellationToken.None);

        Assert.Equal([second.RunId, first.RunId], runs.Select(r => r.RunId));
        Assert.Equal(1, runs[0].ProblemsTotal);
        Assert.All(runs, r => Assert.Equal(set, r.SetName));
    }

    protected async Task<(RunCreated Run, string SetName)> NewRunAsync(int problems)
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(problems), CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(TestData.Run(set), CancellationToken.None);
        return (run, set);
    }

    private async Task<Snapshot> SnapshotAsync(Guid runId)
    {
        await using var context = Context();
        var run = await context.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
        return new Snapshot(
            await context.ProblemAttempts.CountAsync(a => a.RunId == runId),
            await context.Traces.CountAsync(t => t.RunId == runId),
            new RunCounts(run.Status, run.ProblemsDone, run.ProblemsFailed, run.Candidates, run.Verified, run.Traces, run.Tokens));
    }

    private sealed record Snapshot(int Attempts, int Traces, RunCounts Run);

    private sealed record RunCounts(RunState Status, int ProblemsDone, int ProblemsFailed, long Candidates, long Verified, long Traces, long Tokens);
}
