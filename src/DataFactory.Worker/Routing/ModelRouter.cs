using DataFactory.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Worker.Routing;

/// <summary>
/// Finds the messages of a batch whose run was created for another model: they go back to the queue of
/// that model, for a worker that serves it, instead of failing here. One query per batch.
/// </summary>
internal sealed class ModelRouter(IDbContextFactory<DataFactoryDbContext> contexts, ServedModel served)
{
    /// <summary>
    /// The runs among <paramref name="runIds"/> that this worker does not serve, each with the queue of its
    /// model. A run this worker serves, and one the store does not know (it fails later, with the reason),
    /// is not in the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> ElsewhereAsync(IEnumerable<Guid> runIds, CancellationToken cancellationToken)
    {
        var ids = runIds.Distinct().ToArray();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var models = await context.Runs.AsNoTracking()
            .Where(r => ids.Contains(r.Id) && r.ModelHash != null)
            .Select(r => new { r.Id, r.ModelHash })
            .ToListAsync(cancellationToken);
        return models
            .Where(m => !served.Serves(m.ModelHash))
            .ToDictionary(m => m.Id, m => ModelQueue.For(served.BaseQueue, m.ModelHash));
    }
}
