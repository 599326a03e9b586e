namespace DataFactory.Storage.Import;

/// <summary>An import was rejected as a whole; nothing was stored. <see cref="ProblemIds"/> names the culprits.</summary>
public sealed class ProblemImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProblemImportException(string message, IReadOnlyList<string> problemIds)
        : base(message) => ProblemIds = problemIds;

    /// <summary>The external ids of the offending problems (at most a few).</summary>
    public IReadOnlyList<string> ProblemIds { get; }
}
