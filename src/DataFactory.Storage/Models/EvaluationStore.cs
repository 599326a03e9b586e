using DataFactory.Storage.Schema;

namespace DataFactory.Storage.Models;

/// <summary>The <c>evaluations</c> table: what <c>datafactory eval</c> measured, per model.</summary>
public sealed class EvaluationStore(DataFactoryDbContext context)
{
    /// <summary>Stores one evaluation.</summary>
    public async Task AddAsync(EvaluationEntity evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        context.Evaluations.Add(evaluation);
        await context.SaveChangesAsync(cancellationToken);
    }
}
