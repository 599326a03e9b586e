using DataFactory.Core.Formats;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Partial;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Generation;

/// <summary>
/// The step guard (<see cref="GenerationRequest.StepGuard"/>, <c>run --stop-on-false-step</c>) on the bundled model's
/// own countdown and 24-game traces: a candidate ends right after its first line with a false claim, as a prefix of the
/// candidate the same seed gives without the guard; every other candidate is untouched.
/// </summary>
public sealed class StepGuardTests
{
    private static readonly StepCheckerRegistry Checkers = StepCheckerRegistry.CreateDefault();

    private static readonly SamplingOptions Sampling = new() { Samples = 12, Temperature = 0.8f, MaxNewTokens = 256, Seed = 1234 };

    private static Problem[] Problems()
    {
        Problem First(string family, int count) =>
            ProblemFileReader.Read(Path.Combine(RepoPaths.Root, "examples", family + ".jsonl"), new ImportOptions()).Problems[count];
        return [First("countdown", 0), First("game24", 1)];
    }

    private static GenerationRequest Request(Problem problem, bool guarded) => new(problem.Id, problem.Prompt, UseChatTemplate: true)
    {
        StepGuard = guarded ? text => PartialStepCheck.Holds(Checkers, problem, text) : null,
    };

    // One row at a time: a candidate's logits then never depend on what shares its batch, so the guarded and the
    // whole candidates of one seed are the same tokens up to the guard's stop.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_guarded_candidate_ends_after_its_first_false_line_and_the_others_are_untouched(bool continuous)
    {
        using var engine = new GenerationEngine(
            new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Cpu, MaxBatchRows = 1, IntraOpThreads = 1, ContinuousBatching = continuous },
            NullLogger.Instance);
        var problems = Problems();

        var whole = engine.Generate([.. problems.Select(p => Request(p, guarded: false))], Sampling, CancellationToken.None);
        var guarded = engine.Generate([.. problems.Select(p => Request(p, guarded: true))], Sampling, CancellationToken.None);

        var stopped = 0;
        for (var p = 0; p < problems.Length; p++)
        {
            Assert.Equal(Sampling.Samples, guarded[p].Candidates.Count);
            for (var c = 0; c < Sampling.Samples; c++)
            {
                var full = whole[p].Candidates[c];
                var cut = guarded[p].Candidates[c];
                var holds = (Func<string, bool>)(text => PartialStepCheck.Holds(Checkers, problems[p], text));
                var expected = StepGuardDetector.TokensUntilFalse(engine.Tokenizer, full.TokenIds, holds);
                if (expected is null)
                {
                    Assert.NotEqual(FinishReason.FalseStep, cut.Reason);
                    Assert.Equal(full.TokenIds, cut.TokenIds);
                    Assert.Equal(full.Text, cut.Text);
                    continue;
                }

                stopped++;
                Assert.Equal(FinishReason.FalseStep, cut.Reason);
                Assert.Equal(full.TokenIds.Take(expected.Value), cut.TokenIds);

                // It ends in a line with a false claim; without that line its text holds. The whole candidate has the
                // same false step, so it was flawed or wrong anyway.
                var check = PartialStepCheck.Check(Checkers, problems[p], cut.Text);
                Assert.True(check.IsFlawed, cut.Text);
                var lastLine = cut.Text.TrimEnd('\n').LastIndexOf('\n');
                Assert.True(lastLine < 0 || PartialStepCheck.Holds(Checkers, problems[p], cut.Text[..(lastLine + 1)]), cut.Text);
                Assert.True(Checkers.Check(problems[p], full.Text).IsFlawed, full.Text);
                Assert.Equal(check.FirstFalse!.Text, Checkers.Check(problems[p], full.Text).FirstFalse!.Text);
            }
        }

        // The bundled model writes false steps on these puzzles: the guard must have had something to stop.
        Assert.InRange(stopped, 1, problems.Length * Sampling.Samples);
        Assert.True(
            guarded.Sum(g => g.Candidates.Sum(c => c.TokenCount)) < whole.Sum(g => g.Candidates.Sum(c => c.TokenCount)),
            "the guard saved no tokens");
    }

    [Fact]
    public void Rows_the_guard_frees_take_the_next_candidates_in_a_full_batch_and_every_candidate_is_returned()
    {
        using var engine = new GenerationEngine(
            new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Cpu, MaxBatchRows = 8, IntraOpThreads = 1, ContinuousBatching = true },
            NullLogger.Instance);
        var problems = Problems();

        var guarded = engine.Generate([.. problems.Select(p => Request(p, guarded: true))], Sampling, CancellationToken.None);

        for (var p = 0; p < problems.Length; p++)
        {
            Assert.Equal(Enumerable.Range(0, Sampling.Samples), guarded[p].Candidates.Select(c => c.Index));
            Assert.All(guarded[p].Candidates.Where(c => c.Reason == FinishReason.FalseStep), c =>
                Assert.True(PartialStepCheck.Check(Checkers, problems[p], c.Text).IsFlawed, c.Text));
            Assert.All(guarded[p].Candidates.Where(c => c.Reason != FinishReason.FalseStep), c =>
                Assert.True(PartialStepCheck.Holds(Checkers, problems[p], c.Text), c.Text));
        }

        Assert.Contains(guarded.SelectMany(g => g.Candidates), c => c.Reason == FinishReason.FalseStep);
    }
}
