using DataFactory.Core.Curation;
using DataFactory.Core.Harvest;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Storage.Schema;
using DataFactory.Worker.Pipeline;
using DataFactory.Worker.Pipeline.EarlyStop;

namespace DataFactory.Worker.Tests.EarlyStop;

public sealed class VerifiedEnoughTests
{
    // Real output of the bundled model on "Calculate 453 + 700." (the first right, the second adds the wrong digits).
    private const string Right = "Add the columns from the right.\n3+0+0=3: 3\n5+0+0=5: 53\n4+7+0=11: 153\ncarry 1: 1153\nFinal answer: 1153";
    private const string Wrong = "Add the columns from the right.\n3+0+0=3: 3\n5+0+0=5: 53\n3+7+0=10: 053\ncarry 1: 1053\nFinal answer: 1053";

    // A right answer through a false line: flawed, so it does not count toward the target.
    private const string Flawed = "Add the columns from the right.\n3+0+0=3: 3\n5+0+0=5: 53\n3+7+0=10: 053\ncarry 1: 1153\nFinal answer: 1153";

    // Another path to the same answer.
    private const string Other = "453 + 700 = 1153, since 400 + 700 = 1100 and 1100 + 53 = 1153.\nFinal answer: 1153";

    private static readonly VerifierRegistry Verifiers = VerifierRegistry.CreateDefault();
    private static readonly StepCheckerRegistry Steps = StepCheckerRegistry.CreateDefault();
    private static readonly TraceCurator Curator = new(new CurationOptions());

    private static HarvestedProblem Problem(TaskKind kind = TaskKind.Math, string answer = "1153", HarvestSettings? harvest = null) => new(
        new ProblemEntity { ExternalId = "arith", Prompt = "Calculate 453 + 700.", Answer = answer, Kind = kind, ContentHash = [1] },
        (harvest ?? HarvestSettings.Adaptive(2, 16)).Start());

    private static GeneratedCandidate Candidate(int index, string text) => new(index, text, [], 40, FinishReason.Eos, null, TimeSpan.Zero);

    [Fact]
    public void Says_enough_once_the_distinct_verified_paths_reach_the_target()
    {
        var enough = VerifiedEnough.For(Problem(), 8, HarvestSettings.Adaptive(2, 16), Verifiers, Steps, Curator)!;

        Assert.False(enough.Enough(Candidate(0, Wrong)));
        Assert.False(enough.Enough(Candidate(1, Right)));
        Assert.False(enough.Enough(Candidate(2, Right)));
        Assert.False(enough.Enough(Candidate(3, Flawed)));
        Assert.True(enough.Enough(Candidate(4, Other)));
    }

    [Fact]
    public void Counts_the_earlier_rounds_verified_traces()
    {
        var problem = Problem();
        problem.Accepted.Add((new CandidateForCuration(0, Right, "1153", 40, Steps.Check(problem.Problem, Right)), Verifiers.Verify(problem.Problem, Right)));
        problem.Signatures[0] = Core.Diversity.ChainSignature.Of(Right);
        var enough = VerifiedEnough.For(problem, 8, HarvestSettings.Adaptive(2, 16), Verifiers, Steps, Curator)!;

        Assert.True(enough.Enough(Candidate(8, Other)));
    }

    [Fact]
    public void With_the_saturation_stop_says_enough_once_k_verified_chains_all_took_one_path()
    {
        // K = 4 distinct never comes: four verified copies of one path, no path seen once, so neither the rest of the
        // round nor the next one is expected to find a new path. The policy then records the problem as saturated.
        var settings = HarvestSettings.Adaptive(4, 64, saturation: true);
        var problem = Problem(harvest: settings);
        var enough = VerifiedEnough.For(problem, 8, settings, Verifiers, Steps, Curator)!;

        Assert.False(enough.Enough(Candidate(0, Right)));
        Assert.False(enough.Enough(Candidate(1, Wrong)));
        Assert.False(enough.Enough(Candidate(2, Right)));
        Assert.False(enough.Enough(Candidate(3, Flawed)));
        Assert.False(enough.Enough(Candidate(4, Right)));
        Assert.True(enough.Enough(Candidate(5, Right)));

        problem.Policy.Record(8, verified: 5, distinct: 1, new PathSample(Chains: 4, Singletons: 0));
        Assert.True(problem.Policy.Saturated);
        Assert.True(problem.Policy.Finished);

        // Without the stop the same candidates go on: one path is short of K.
        var plain = VerifiedEnough.For(Problem(), 8, HarvestSettings.Adaptive(4, 64), Verifiers, Steps, Curator)!;
        Assert.DoesNotContain(true, new[] { 0, 2, 4, 5 }.Select(i => plain.Enough(Candidate(i, Right))).ToList());
    }

    [Fact]
    public void The_saturation_stop_inside_a_round_waits_while_a_path_seen_once_may_find_more()
    {
        // Three copies of one path and another path once: a path seen once in five draws, with 3 left in the round
        // and 16 in the next, is 19 · 1/5 = 3.8 new paths expected: go on.
        var settings = HarvestSettings.Adaptive(4, 64, saturation: true);
        var enough = VerifiedEnough.For(Problem(harvest: settings), 8, settings, Verifiers, Steps, Curator)!;
        Assert.False(enough.Enough(Candidate(0, Right)));
        Assert.False(enough.Enough(Candidate(1, Right)));
        Assert.False(enough.Enough(Candidate(2, Other)));
        Assert.False(enough.Enough(Candidate(3, Right)));
        Assert.False(enough.Enough(Candidate(4, Wrong)));
    }

    [Fact]
    public void Only_adaptive_runs_of_problems_with_a_gold_answer_and_no_sandbox_stop_early()
    {
        Assert.Null(VerifiedEnough.For(Problem(), 8, HarvestSettings.Flat(16), Verifiers, Steps, Curator));
        Assert.Null(VerifiedEnough.For(Problem(TaskKind.Code), 8, HarvestSettings.Adaptive(2, 16), Verifiers, Steps, Curator));
        var voted = new HarvestedProblem(
            new ProblemEntity { ExternalId = "blind", Prompt = "Calculate 453 + 700.", Kind = TaskKind.Math, ContentHash = [2] },
            HarvestSettings.Adaptive(2, 16).Start(),
            new Core.Consensus.ConsensusVote(Verifiers.For(TaskKind.Math), new Problem { Id = "blind", Prompt = "p", Kind = TaskKind.Math }));
        Assert.Null(VerifiedEnough.For(voted, 8, HarvestSettings.Adaptive(2, 16), Verifiers, Steps, Curator));
    }
}
