namespace DataFactory.Core.Problems;

/// <summary>
/// One problem of a set. <see cref="Id"/> is the external id, unique within its set. The fields a
/// verifier needs beyond the gold answer (puzzle numbers and target, choice options, unit tests)
/// are carried explicitly so that a verifier is a pure function of (problem, candidate).
/// </summary>
public sealed record Problem
{
    /// <summary>The external id, unique within the set.</summary>
    public required string Id { get; init; }

    /// <summary>The prompt shown to the model (the user turn).</summary>
    public required string Prompt { get; init; }

    /// <summary>The task kind; it selects the verifier.</summary>
    public required TaskKind Kind { get; init; }

    /// <summary>The gold answer, or null where the kind needs none (game24, countdown, code) or none is known.</summary>
    public string? Answer { get; init; }

    /// <summary>The numbers of a game24 or countdown puzzle, each to be used exactly once.</summary>
    public IReadOnlyList<long>? Numbers { get; init; }

    /// <summary>The target of a countdown puzzle (24 for game24).</summary>
    public long? Target { get; init; }

    /// <summary>The options of a multiple-choice problem, in letter order (A, B, C, ...).</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>Python unit tests for a code problem.</summary>
    public string? Tests { get; init; }

    /// <summary>Free metadata as a JSON object text (source, level, subject...), or null.</summary>
    public string? Metadata { get; init; }
}
