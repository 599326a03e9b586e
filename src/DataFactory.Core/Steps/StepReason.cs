using System.Runtime.CompilerServices;

namespace DataFactory.Core.Steps;

/// <summary>
/// The reason of a judged claim, written only when it will be kept: the claim is false and is the first false step
/// so far. Most claims hold, so <see cref="StepTally.Judge(int, int, int, bool, ref StepReason)"/> and
/// <see cref="StepTally.Fail(int, int, int, ref StepReason)"/> take their interpolated reasons through this handler
/// and skip the formatting otherwise (as <c>Debug.Assert</c> does with its message).
/// </summary>
[InterpolatedStringHandler]
internal ref struct StepReason
{
    private DefaultInterpolatedStringHandler _text;
    private readonly bool _written;

    /// <summary>For a false claim starting at <paramref name="start"/>.</summary>
    public StepReason(int literalLength, int formattedCount, StepTally tally, int start, out bool shouldAppend)
        : this(literalLength, formattedCount, tally, start, holds: false, out shouldAppend)
    {
    }

    /// <summary>For a claim starting at <paramref name="start"/> that <paramref name="holds"/> or not.</summary>
    public StepReason(int literalLength, int formattedCount, StepTally tally, int start, bool holds, out bool shouldAppend)
    {
        _written = !holds && tally.WouldBeFirst(start);
        _text = _written ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        shouldAppend = _written;
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted(ReadOnlySpan<char> value) => _text.AppendFormatted(value);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    /// <summary>The reason, or empty when it was not written.</summary>
    public string ToStringAndClear() => _written ? _text.ToStringAndClear() : string.Empty;
}
