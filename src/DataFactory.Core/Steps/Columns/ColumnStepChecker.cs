using System.Globalization;
using System.Numerics;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Steps.Columns;

/// <summary>
/// Redoes the written method of the bundled model's arithmetic traces ("Calculate 453 + 700."): column
/// addition, column subtraction with borrows, long multiplication. Each line of the method the trace writes is a
/// claim about the problem's own numbers, checked against the line the method gives at that point:
/// <c>3+7+0=10: 1053</c> where the hundreds column of 453 + 700 is <c>4+7+0=11: 1153</c> is false, though
/// 3 + 7 + 0 = 10 is true (the arithmetic checker judges only that). The claims: the method line (which method,
/// and "55 is less than 58" restates the problem), the digits each column takes, the carry or borrow it takes in,
/// the digits written so far, the carries, the partial products, and the final answer as the value the work
/// ends with. A final answer written before the work is done is false; a trace that shows no work has nothing
/// to judge. After the first false line the rest of the work no longer follows the method, so its lines are
/// counted as skipped. Prompts that are not a single "A op B" of whole numbers are not judged.
/// </summary>
public sealed class ColumnStepChecker : IStepChecker
{
    /// <summary>This checker's version.</summary>
    public const string CurrentVersion = "column-1";

    private const string FinalAnswer = "Final answer:";

    /// <inheritdoc />
    public string Version => CurrentVersion;

    /// <inheritdoc />
    public bool Handles(TaskKind kind) => kind == TaskKind.Math;

    /// <inheritdoc />
    public StepCheck Check(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidate);
        var tally = new StepTally(candidate);
        var method = ColumnMethod.ForPrompt(problem.Prompt);
        if (method is null)
        {
            return tally.ToCheck(CurrentVersion);
        }

        var next = 0;
        var derailed = false;
        var answered = false;
        var start = 0;
        var line = 0;
        while (true)
        {
            var newline = candidate.IndexOf('\n', start);
            var end = newline < 0 ? candidate.Length : newline;
            var text = candidate.AsSpan(start, end - start);
            var trimmed = text.Trim();
            var first = start + (text.Length - text.TrimStart().Length);
            var last = first + trimmed.Length;
            if (trimmed.StartsWith(FinalAnswer, StringComparison.Ordinal))
            {
                if (!answered && next > 0)
                {
                    answered = true;
                    if (derailed)
                    {
                        tally.Skip();
                    }
                    else if (next < method.Steps.Count)
                    {
                        tally.Fail(line, first, last, $"the work on {method.Expression} stops after {next} of its {method.Steps.Count} lines; the next is '{method.Steps[next]}'");
                    }
                    else
                    {
                        tally.Judge(line, first, last, SameValue(trimmed[FinalAnswer.Length..], method.Result),
                            $"the work on {method.Expression} ends with {method.Result.ToString(CultureInfo.InvariantCulture)}");
                    }
                }
            }
            else if (ColumnLine.IsMethodLine(trimmed))
            {
                if (derailed || answered)
                {
                    tally.Skip();
                }
                else if (next >= method.Steps.Count)
                {
                    derailed = true;
                    tally.Fail(line, first, last, $"the work on {method.Expression} is done after {method.Steps.Count} lines");
                }
                else if (ColumnLine.Same(trimmed, method.Steps[next]))
                {
                    tally.Pass();
                    next++;
                }
                else
                {
                    derailed = true;
                    tally.Fail(line, first, last, $"line {next + 1} of the work on {method.Expression} is '{method.Steps[next]}'");
                }
            }

            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
            line++;
        }

        return tally.ToCheck(CurrentVersion);
    }

    /// <summary>True when the answer text is the whole number <paramref name="value"/> (spaces and a final period aside).</summary>
    private static bool SameValue(ReadOnlySpan<char> answer, BigInteger value)
    {
        answer = answer.Trim();
        if (!answer.IsEmpty && answer[^1] == '.')
        {
            answer = answer[..^1].TrimEnd();
        }

        return answer.Length <= 2 * ColumnMethod.MaxDigits + 2
            && BigInteger.TryParse(answer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var written)
            && written == value;
    }
}
