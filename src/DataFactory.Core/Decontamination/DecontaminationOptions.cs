namespace DataFactory.Core.Decontamination;

/// <summary>How problems are compared with benchmark items.</summary>
public sealed record DecontaminationOptions
{
    /// <summary>The default n-gram length in words: 13, as in GPT-3's contamination study.</summary>
    public const int DefaultNgramSize = 13;

    /// <summary>The default <see cref="MinOverlap"/>.</summary>
    public const double DefaultMinOverlap = 0.2;

    /// <summary>The n-gram length in words (1 to 64).</summary>
    public int NgramSize { get; init; } = DefaultNgramSize;

    /// <summary>
    /// The share of a benchmark item's n-grams a problem must contain to be flagged (above 0, at most 1).
    /// One shared n-gram is not enough by default: GSM8K's training and test problems share stock
    /// sentences of 13 words without sharing a problem (a training problem holds 10 % of a test item's
    /// 13-grams through one such sentence), while a test problem re-told with other names and numbers
    /// keeps about 30 % of them.
    /// </summary>
    public double MinOverlap { get; init; } = DefaultMinOverlap;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (NgramSize is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(NgramSize), NgramSize, "The n-gram size is 1 to 64 words.");
        }

        if (MinOverlap is <= 0 or > 1 || double.IsNaN(MinOverlap))
        {
            throw new ArgumentOutOfRangeException(nameof(MinOverlap), MinOverlap, "The minimum overlap is above 0 and at most 1.");
        }
    }
}
