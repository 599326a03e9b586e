namespace DataFactory.Core.Sampling;

/// <summary>How candidates are sampled for a problem.</summary>
public sealed record SamplingOptions
{
    /// <summary>Candidates sampled per problem.</summary>
    public int Samples { get; init; } = 16;

    /// <summary>Softmax temperature; 0 or <see cref="Greedy"/> means greedy decoding.</summary>
    public float Temperature { get; init; } = 0.8f;

    /// <summary>Nucleus sampling mass in (0, 1]; 1 disables it.</summary>
    public float TopP { get; init; } = 1.0f;

    /// <summary>Keep only the k most likely tokens; 0 disables it.</summary>
    public int TopK { get; init; }

    /// <summary>Greedy decoding (argmax) regardless of temperature.</summary>
    public bool Greedy { get; init; }

    /// <summary>Maximum new tokens per candidate.</summary>
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>Run seed; a candidate's seed derives from (seed, problem id, candidate index).</summary>
    public ulong Seed { get; init; } = 1234;

    /// <summary>Strings that end a candidate (not included in its text).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];
}
