namespace DataFactory.Core.Formats;

/// <summary>The wire names of <see cref="ProblemFormat"/>, as the CLI's <c>--format</c> option takes them.</summary>
public static class ProblemFormats
{
    private static readonly Dictionary<string, ProblemFormat> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = ProblemFormat.Auto,
        ["generic"] = ProblemFormat.Generic,
        ["gsm8k"] = ProblemFormat.Gsm8k,
        ["math"] = ProblemFormat.Math,
        ["game24"] = ProblemFormat.Game24,
        ["countdown"] = ProblemFormat.Countdown,
        ["cipher"] = ProblemFormat.Cipher,
    };

    /// <summary>The accepted names, for help texts and error messages.</summary>
    public static string Names => "auto, generic, gsm8k, math, game24, countdown, cipher";

    /// <summary>The wire name: auto, generic, gsm8k, math, game24, countdown, cipher.</summary>
    public static string ToName(this ProblemFormat format) => format switch
    {
        ProblemFormat.Auto => "auto",
        ProblemFormat.Generic => "generic",
        ProblemFormat.Gsm8k => "gsm8k",
        ProblemFormat.Math => "math",
        ProblemFormat.Game24 => "game24",
        ProblemFormat.Countdown => "countdown",
        ProblemFormat.Cipher => "cipher",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown problem format."),
    };

    /// <summary>Parses a wire name, ignoring case and surrounding white space.</summary>
    public static bool TryParse(string? name, out ProblemFormat format)
    {
        if (name is not null && ByName.TryGetValue(name.Trim(), out format))
        {
            return true;
        }

        format = default;
        return false;
    }
}
