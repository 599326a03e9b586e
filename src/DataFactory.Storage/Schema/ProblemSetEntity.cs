namespace DataFactory.Storage.Schema;

/// <summary>A row of <c>problem_sets</c>: a named set of problems.</summary>
public sealed class ProblemSetEntity
{
    /// <summary>The surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The set's name, unique in the store.</summary>
    public required string Name { get; set; }

    /// <summary>
    /// The set was imported for consensus (<c>import --consensus</c>): its math, exact and multiple-choice problems
    /// may lack a gold answer, and a run over it must vote (<c>run --consensus</c>).
    /// </summary>
    public bool Consensus { get; set; }

    /// <summary>When the set was first imported.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
