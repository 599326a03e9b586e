using DataFactory.Core.Harvest;
using DataFactory.Core.Sampling;

namespace DataFactory.Storage.Runs;

/// <summary>What a new run samples and how.</summary>
public sealed record RunRequest
{
    /// <summary>The problem set to run over.</summary>
    public required string SetName { get; init; }

    /// <summary>The model.</summary>
    public required ModelIdentity Model { get; init; }

    /// <summary>The sampling options; <see cref="SamplingOptions.Samples"/> is the samples per problem.</summary>
    public required SamplingOptions Sampling { get; init; }

    /// <summary>The harvest policy and its settings, or null for flat best-of-n with <see cref="SamplingOptions.Samples"/>.</summary>
    public HarvestSettings? Harvest { get; init; }

    /// <summary>Queue only the first problems of the set (by store id), or all when null.</summary>
    public int? MaxProblems { get; init; }

    /// <summary>Store flawed traces (right answer, false step) marked, instead of dropping them.</summary>
    public bool KeepFlawed { get; init; }

    /// <summary>Store the candidates the verifier rejected (compressed) beside the traces: the wrong side of preference pairs.</summary>
    public bool KeepRejected { get; init; }
}
