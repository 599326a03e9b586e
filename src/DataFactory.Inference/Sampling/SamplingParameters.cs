using DataFactory.Core.Sampling;

namespace DataFactory.Inference.Sampling;

/// <summary>The per-token part of <see cref="SamplingOptions"/>, validated once per call.</summary>
internal readonly record struct SamplingParameters(bool Greedy, float Temperature, int TopK, float TopP, bool LogProbabilities)
{
    public static SamplingParameters From(SamplingOptions options, bool logProbabilities)
    {
        if (float.IsNaN(options.Temperature) || options.Temperature < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Temperature must be ≥ 0, not {options.Temperature}.");
        }

        if (!(options.TopP > 0 && options.TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"TopP must be in (0, 1], not {options.TopP}.");
        }

        if (options.TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"TopK must be ≥ 0, not {options.TopK}.");
        }

        return new SamplingParameters(
            options.Greedy || options.Temperature == 0,
            options.Temperature,
            options.TopK,
            options.TopP,
            logProbabilities);
    }
}
