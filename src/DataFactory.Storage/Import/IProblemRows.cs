namespace DataFactory.Storage.Import;

/// <summary>The provider-specific bulk insert of problems, run inside the import's transaction.</summary>
internal interface IProblemRows
{
    Task InsertAsync(long setId, IReadOnlyList<IncomingProblem> problems, DateTimeOffset now, CancellationToken cancellationToken);
}
