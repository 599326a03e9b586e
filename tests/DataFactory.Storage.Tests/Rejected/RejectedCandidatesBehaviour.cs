using DataFactory.Core.Verification;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Tests.Fixtures;
using DataFactory.Storage.Tests.Store;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Rejected;

/// <summary>Rejected candidates in the store, over each provider.</summary>
public abstract class RejectedCandidatesBehaviour(IStoreDatabase database)
{
    private DataFactoryDbContext Context() => database.CreateContext();

    [Fact]
    public async Task A_batch_stores_its_rejected_candidates_compressed_with_verdict_reason_answer_and_version()
    {
        var (runId, ids) = await NewRunAsync(2);
        var wrong = "Let me think... 3 + 3 = 7, so \\boxed{7}. " + new string('x', 2000);
        var outcome = TestData.Done(ids[0], 4, 1, 1) with
        {
            Rejected =
            [
                new RejectedCandidate(wrong, Verdict.Incorrect("7", "not equivalent"), "math", 3, 812),
                new RejectedCandidate("no idea", Verdict.Unparseable("no final answer"), "math", 3, 2),
            ],
        };

        await using var context = Context();
        var result = await new BatchWriter(context).WriteAsync(runId, [outcome], CancellationToken.None);

        Assert.Equal(2, result.RejectedWritten);
        var rows = await context.RejectedCandidates.AsNoTracking().Where(r => r.RunId == runId).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(wrong, CandidateText.Decompress(rows[0].TextCompressed));
        Assert.True(rows[0].TextCompressed.Length < wrong.Length / 4, $"{rows[0].TextCompressed.Length} bytes for {wrong.Length} characters");
        Assert.Equal("7", rows[0].FinalAnswer);
        Assert.Equal("incorrect", rows[0].Verdict);
        Assert.Equal("not equivalent", rows[0].Reason);
        Assert.Equal("math", rows[0].Verifier);
        Assert.Equal(3, rows[0].VerifierVersion);
        Assert.Equal(812, rows[0].TokenCount);
        Assert.Equal(ids[0], rows[0].ProblemId);
        Assert.Null(rows[1].FinalAnswer);
        Assert.Equal("unparseable", rows[1].Verdict);
        Assert.Equal("no idea", CandidateText.Decompress(rows[1].TextCompressed));
        Assert.Equal(2, (await new RunStore(context).GetRunAsync(runId, CancellationToken.None))!.Rejected);
    }

    [Fact]
    public async Task A_redelivered_batch_stores_no_rejected_candidate_twice()
    {
        var (runId, ids) = await NewRunAsync(3);
        ProblemOutcome[] outcomes =
        [
            .. ids.Select(id => TestData.Done(id, 4, 1, 1) with
            {
                Rejected = [new RejectedCandidate($"wrong for {id}: \\boxed{{1}}", Verdict.Incorrect("1", "not equivalent"), "math", 1, 9)],
            }),
        ];

        await using (var context = Context())
        {
            await new BatchWriter(context).WriteAsync(runId, outcomes, CancellationToken.None);
        }

        await using (var context = Context())
        {
            var again = await new BatchWriter(context).WriteAsync(runId, outcomes, CancellationToken.None);
            Assert.Equal(0, again.RejectedWritten);
            Assert.Equal(3, again.Duplicates);
            Assert.Equal(3, await context.RejectedCandidates.CountAsync(r => r.RunId == runId));
            Assert.Equal(3, (await new RunStore(context).GetRunAsync(runId, CancellationToken.None))!.Rejected);
        }
    }

    [Fact]
    public async Task The_same_wrong_text_twice_in_a_problem_is_stored_once()
    {
        var (runId, ids) = await NewRunAsync(1);
        var same = new RejectedCandidate("\\boxed{5}", Verdict.Incorrect("5", "not equivalent"), "math", 1, 3);
        var outcome = TestData.Done(ids[0], 4, 0, 0) with { Rejected = [same, same with { TokenCount = 4 }] };

        await using var context = Context();
        var result = await new BatchWriter(context).WriteAsync(runId, [outcome], CancellationToken.None);

        Assert.Equal(1, result.RejectedWritten);
        Assert.Equal(1, await context.RejectedCandidates.CountAsync(r => r.RunId == runId));
    }

    [Fact]
    public async Task A_rejected_candidate_with_a_correct_verdict_is_refused()
    {
        var (runId, ids) = await NewRunAsync(1);
        var outcome = TestData.Done(ids[0], 4, 1, 1) with
        {
            Rejected = [new RejectedCandidate("\\boxed{2}", Verdict.Correct("2"), "math", 1, 3)],
        };

        await using var context = Context();
        await Assert.ThrowsAsync<ArgumentException>(() => new BatchWriter(context).WriteAsync(runId, [outcome], CancellationToken.None));
        Assert.Equal(0, await context.ProblemAttempts.CountAsync(a => a.RunId == runId));
    }

    [Fact]
    public async Task Traces_record_the_version_of_their_verifier()
    {
        var (runId, ids) = await NewRunAsync(1);
        var outcome = ProblemOutcome.Done(ids[0], 1, 1, 10, [TestData.Trace("so \\boxed{42}") with { VerifierVersion = 5 }]);

        await using var context = Context();
        await new BatchWriter(context).WriteAsync(runId, [outcome], CancellationToken.None);

        Assert.Equal(5, await context.Traces.Where(t => t.RunId == runId).Select(t => t.VerifierVersion).SingleAsync());
    }

    [Fact]
    public async Task Deleting_a_run_deletes_its_rejected_candidates()
    {
        var (runId, ids) = await NewRunAsync(1);
        var outcome = TestData.Done(ids[0], 2, 0, 0) with
        {
            Rejected = [new RejectedCandidate("\\boxed{9}", Verdict.Incorrect("9", "not equivalent"), "math", 1, 3)],
        };
        await using var context = Context();
        await new BatchWriter(context).WriteAsync(runId, [outcome], CancellationToken.None);

        await context.Runs.Where(r => r.Id == runId).ExecuteDeleteAsync();

        Assert.Equal(0, await context.RejectedCandidates.CountAsync(r => r.RunId == runId));
    }

    private async Task<(Guid RunId, IReadOnlyList<long> ProblemIds)> NewRunAsync(int problems)
    {
        var set = TestData.NewSetName();
        await using var context = Context();
        await new ProblemSetStore(context).ImportAsync(set, TestData.MathProblems(problems), CancellationToken.None);
        var run = await new RunStore(context).CreateRunAsync(TestData.Run(set) with { KeepRejected = true }, CancellationToken.None);
        return (run.RunId, run.ProblemIds);
    }
}
