using System.Text.Json;

namespace DataFactory.Core.Formats;

/// <summary>
/// Guesses a line's format from its fields, in this order: <c>kind</c> → generic; <c>question</c> →
/// gsm8k; <c>problem</c> → math; <c>ciphertext</c> → cipher; <c>numbers</c> with <c>target</c> →
/// countdown, without → game24; <c>prompt</c> alone → generic.
/// </summary>
internal static class FormatDetector
{
    public const string Expected =
        "expected kind+prompt (generic), question+answer (gsm8k), problem+solution (math), " +
        "numbers (game24), numbers+target (countdown) or ciphertext+plaintext (cipher)";

    public static bool TryDetect(JsonElement line, out ProblemFormat format)
    {
        format = Detect(line);
        return format != ProblemFormat.Auto;
    }

    private static ProblemFormat Detect(JsonElement line)
    {
        if (LineFields.Has(line, "kind"))
        {
            return ProblemFormat.Generic;
        }

        if (LineFields.Has(line, "question"))
        {
            return ProblemFormat.Gsm8k;
        }

        if (LineFields.Has(line, "problem"))
        {
            return ProblemFormat.Math;
        }

        if (LineFields.Has(line, "ciphertext"))
        {
            return ProblemFormat.Cipher;
        }

        if (LineFields.Has(line, "numbers"))
        {
            return LineFields.Has(line, "target") ? ProblemFormat.Countdown : ProblemFormat.Game24;
        }

        return LineFields.Has(line, "prompt") ? ProblemFormat.Generic : ProblemFormat.Auto;
    }

    public static IProblemLineParser ParserFor(ProblemFormat format) => format switch
    {
        ProblemFormat.Generic => new GenericLineParser(),
        ProblemFormat.Gsm8k => new Gsm8kLineParser(),
        ProblemFormat.Math => new MathLineParser(),
        ProblemFormat.Game24 => new Game24LineParser(),
        ProblemFormat.Countdown => new CountdownLineParser(),
        ProblemFormat.Cipher => new CipherLineParser(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "No parser for this format."),
    };
}
