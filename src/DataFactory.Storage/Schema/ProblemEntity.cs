using DataFactory.Core.Problems;

namespace DataFactory.Storage.Schema;

/// <summary>A row of <c>problems</c>: one problem of a set, as imported.</summary>
public sealed class ProblemEntity
{
    /// <summary>The surrogate key; messages and traces refer to problems by it.</summary>
    public long Id { get; set; }

    /// <summary>The set the problem belongs to.</summary>
    public long SetId { get; set; }

    /// <summary>The id the problem has in its source file, unique within the set.</summary>
    public required string ExternalId { get; set; }

    /// <summary>The prompt (the user turn).</summary>
    public required string Prompt { get; set; }

    /// <summary>The gold answer, or null.</summary>
    public string? Answer { get; set; }

    /// <summary>The task kind, stored by its canonical name.</summary>
    public TaskKind Kind { get; set; }

    /// <summary>The numbers of a game24 or countdown puzzle.</summary>
    public long[]? Numbers { get; set; }

    /// <summary>The target of a countdown puzzle.</summary>
    public long? Target { get; set; }

    /// <summary>The options of a multiple-choice problem, in letter order.</summary>
    public string[]? Options { get; set; }

    /// <summary>Unit tests of a code problem.</summary>
    public string? Tests { get; set; }

    /// <summary>Free metadata as a JSON object (jsonb on PostgreSQL, text on SQLite).</summary>
    public string? Metadata { get; set; }

    /// <summary>SHA-256 of the problem's content (everything but the external id and metadata), unique within the set.</summary>
    public required byte[] ContentHash { get; set; }

    /// <summary>
    /// The benchmark this problem overlaps (<c>datafactory decontaminate</c>), or null when none was
    /// found. A marked problem is kept, but left out of exports.
    /// </summary>
    public string? ContaminationBenchmark { get; set; }

    /// <summary>The id of the overlapping benchmark item.</summary>
    public string? ContaminationBenchmarkId { get; set; }

    /// <summary>How much it overlaps: 1 for an exact copy, else the share of the item's n-grams found (see the README).</summary>
    public double? ContaminationOverlap { get; set; }

    /// <summary>When the problem was imported.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The problem as the domain sees it (its <see cref="Problem.Id"/> is the external id).</summary>
    public Problem ToProblem() => new()
    {
        Id = ExternalId,
        Prompt = Prompt,
        Kind = Kind,
        Answer = Answer,
        Numbers = Numbers,
        Target = Target,
        Options = Options,
        Tests = Tests,
        Metadata = Metadata,
    };
}
