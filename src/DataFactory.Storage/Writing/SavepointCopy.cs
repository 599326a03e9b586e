using Npgsql;

namespace DataFactory.Storage.Writing;

/// <summary>
/// A binary COPY inside a savepoint of the batch's transaction. COPY has no ON CONFLICT: when a concurrent writer
/// stored one of the rows first, the copy fails on the unique key, the savepoint is rolled back and the rows go
/// in again one statement at a time, skipping the conflicts, so the batch's transaction survives.
/// </summary>
internal static class SavepointCopy
{
    /// <returns>What the copy or the fallback reports (the rows stored).</returns>
    public static async Task<T> RunAsync<T>(
        DataFactoryDbContext context,
        string savepoint,
        string rows,
        Func<CancellationToken, Task<T>> copy,
        Func<CancellationToken, Task<T>> insertSkippingConflicts,
        CancellationToken cancellationToken)
    {
        var transaction = context.Database.CurrentTransaction
            ?? throw new InvalidOperationException($"{rows} are written inside the batch's transaction.");
        await transaction.CreateSavepointAsync(savepoint, cancellationToken);
        try
        {
            var copied = await copy(cancellationToken);
            await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
            return copied;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
            return await insertSkippingConflicts(cancellationToken);
        }
    }
}
