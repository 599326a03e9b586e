using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Verification;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Writing;

namespace DataFactory.Storage.Tests.Store;

internal static class TestData
{
    public static string NewSetName() => $"set-{Guid.NewGuid():N}";

    public static Problem MathProblem(int i, string? answer = null) => new()
    {
        Id = $"p{i:D4}",
        Prompt = $"What is {i} + {i}? Put the answer in \\boxed{{}}.",
        Kind = TaskKind.Math,
        Answer = answer ?? (2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Metadata = $$"""{"source":"test","level":{{i % 5}}}""",
    };

    public static List<Problem> MathProblems(int count) => [.. Enumerable.Range(1, count).Select(i => MathProblem(i))];

    public static RunRequest Run(string setName, int samples = 4) => new()
    {
        SetName = setName,
        Model = new ModelIdentity("tiny-reasoner", "/models/tiny", "sha256:abc"),
        Sampling = new SamplingOptions { Samples = samples, Temperature = 0.7f, StopStrings = ["</s>"] },
    };

    public static VerifiedTrace Trace(string text, string answer = "42") =>
        new(text, Verdict.Correct(answer), "math", text.Length / 4);

    /// <summary>A done outcome with <paramref name="traces"/> distinct verified traces.</summary>
    public static ProblemOutcome Done(long problemId, int candidates, int correct, int traces) =>
        ProblemOutcome.Done(
            problemId,
            candidates,
            correct,
            tokens: candidates * 100L,
            [.. Enumerable.Range(0, traces).Select(k => Trace($"Trace {k} of problem {problemId}: thinking... so \\boxed{{42}}"))]);
}
