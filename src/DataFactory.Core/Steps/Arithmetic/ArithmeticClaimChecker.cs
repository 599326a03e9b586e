using System.Runtime.InteropServices;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// Judges the arithmetic claims anywhere in a trace: every '=' whose sides are closed arithmetic
/// over numbers (integers, decimals, fractions; + − × ÷ ^, brackets, <c>\times</c>, <c>\cdot</c>,
/// <c>\div</c>, <c>\frac</c>), GSM8K calculator annotations (<c>&lt;&lt;48/2=24&gt;&gt;</c>) included, is
/// evaluated exactly with rationals. A side with a name, a glued unit, a percentage or an
/// approximation in its sentence is skipped, never judged, and so is a decimal within one unit of
/// its last place of the exact value ("10/3 = 3.33"). "42/10=4" is false. Runs on every kind but
/// code (see <see cref="StepCheckerRegistry.CreateDefault"/>).
/// </summary>
public sealed class ArithmeticClaimChecker : IStepChecker
{
    /// <summary>This checker's version.</summary>
    public const string CurrentVersion = "arith-1";

    /// <inheritdoc />
    public string Version => CurrentVersion;

    /// <inheritdoc />
    public bool Handles(TaskKind kind) => kind != TaskKind.Code;

    /// <inheritdoc />
    public StepCheck Check(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var tally = new StepTally(candidate);
        List<ClaimToken>? tokens = null;
        var start = 0;
        var line = 0;
        while (true)
        {
            var newline = candidate.IndexOf('\n', start);
            var end = newline < 0 ? candidate.Length : newline;
            if (candidate.AsSpan(start, end - start).Contains('='))
            {
                tokens ??= new List<ClaimToken>(64);
                tokens.Clear();
                ClaimLexer.Lex(candidate, start, end, tokens);
                ClaimScanner.Scan(candidate, CollectionsMarshal.AsSpan(tokens), line, tally);
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
}
