using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;

namespace DataFactory.Core.Tests.Fuzz;

/// <summary>
/// 100,000 random and adversarial strings through the answer extractor (every kind), every
/// verifier of the default registry and every step checker: no exception and no hang. The wait is a hang detector, far
/// above the normal run time, not a speed requirement.
/// </summary>
public sealed class ExtractorAndVerifierFuzzTests
{
    private const int Count = 100_000;

    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(10);

    private static readonly Problem[] Problems =
    [
        new() { Id = "math", Prompt = "p", Kind = TaskKind.Math, Answer = @"\frac{3}{4}" },
        new() { Id = "math-columns", Prompt = "Calculate 453 * 70.", Kind = TaskKind.Math, Answer = "31710" },
        new() { Id = "exact", Prompt = "p", Kind = TaskKind.Exact, Answer = "Paris" },
        new() { Id = "mc", Prompt = "p", Kind = TaskKind.MultipleChoice, Answer = "A", Options = ["Mercury", "Venus", "Earth", "Mars"] },
        new() { Id = "mc-text", Prompt = "p", Kind = TaskKind.MultipleChoice, Answer = "Earth", Options = ["Mercury", "Venus", "Earth", "Mars"] },
        new() { Id = "mc-bare", Prompt = "p", Kind = TaskKind.MultipleChoice, Answer = "B" },
        new() { Id = "game24", Prompt = "p", Kind = TaskKind.Game24, Numbers = [4, 7, 8, 1] },
        new() { Id = "countdown", Prompt = "p", Kind = TaskKind.Countdown, Numbers = [25, 50, 75, 100, 3, 6], Target = 952 },
        new() { Id = "cipher", Prompt = "Decode the letter-pair cipher: nlhvln aahjln", Kind = TaskKind.Cipher, Answer = "the quick brown fox" },
        new() { Id = "code", Prompt = "p", Kind = TaskKind.Code, Tests = "assert f() == 1" },
    ];

    [Fact]
    public async Task Hostile_strings_never_throw_or_hang_in_extractors_and_verifiers()
    {
        var registry = VerifierRegistry.CreateDefault();
        var steps = StepCheckerRegistry.CreateDefault();
        var failures = new List<string>();
        FuzzInput? current = null;
        var checkedInputs = 0;

        var work = Task.Run(() =>
        {
            foreach (var input in FuzzInputs.Generate(Count))
            {
                Volatile.Write(ref current, input);
                Exercise(registry, steps, input, failures);
                checkedInputs++;
            }
        });

        var finished = await Task.WhenAny(work, Task.Delay(HangLimit)) == work;
        Assert.True(finished, $"No result within {HangLimit}: hung on {Volatile.Read(ref current)}");
        await work;
        Assert.Equal(Count, checkedInputs);
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join('\n', failures.Take(20)));
    }

    private static void Exercise(VerifierRegistry registry, StepCheckerRegistry steps, FuzzInput input, List<string> failures)
    {
        foreach (var kind in TaskKinds.All)
        {
            Run(input, $"Extract({kind})", failures, () => AnswerExtractor.Extract(input.Text, kind));
        }

        foreach (var problem in Problems)
        {
            Run(input, $"Verify({problem.Id})", failures, () => Check(registry.Verify(problem, input.Text)));
            Run(input, $"Steps({problem.Id})", failures, () => Check(steps.Check(problem, input.Text)));
        }

        // The gold (and options) can be hostile too when users re-check imported data.
        if (input.Index % 10 == 0 || input.Text.Length > 10_000)
        {
            foreach (var problem in Problems)
            {
                var hostile = problem with { Answer = input.Text, Options = problem.Options is null ? null : [input.Text, "x"] };
                Run(input, $"Verify({problem.Id}, hostile gold)", failures, () => Check(registry.Verify(hostile, input.Text)));
            }

            // The column checker reads the prompt: a hostile one, with the candidate and with a trace it would judge.
            var prompt = Problems.Single(p => p.Id == "math-columns") with { Prompt = input.Text };
            Run(input, "Steps(hostile prompt)", failures, () => Check(steps.Check(prompt, input.Text)));
            Run(input, "Steps(hostile prompt, column trace)", failures, () => Check(steps.Check(prompt, "Add the columns from the right.\n3+0+0=3: 3\nFinal answer: 3")));
        }
    }

    private static StepCheck Check(StepCheck check)
    {
        if (check is null || check.Checked < 0 || check.Skipped < 0 || (check.FirstFalse is { } step && (step.Index < 0 || step.Text is null || step.Reason is null)))
        {
            throw new InvalidOperationException("malformed step check");
        }

        return check;
    }

    private static Verdict Check(Verdict verdict)
    {
        if (verdict is null || verdict.Reason is null || !Enum.IsDefined(verdict.Status))
        {
            throw new InvalidOperationException("malformed verdict");
        }

        return verdict;
    }

    private static void Run(FuzzInput input, string what, List<string> failures, Func<object?> action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            failures.Add($"{what} threw {e.GetType().Name}: {e.Message} on {input}");
        }
    }
}
