using DataFactory.Core.Decontamination;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Decontamination;

/// <summary>
/// Checks every problem of a set against benchmark items and marks the contaminated ones with their
/// matching item (<c>problems.contamination_*</c>). Problems are streamed, never all in memory; a
/// marked problem is never deleted, only left out of exports. A mark is replaced only by a stronger one.
/// </summary>
public sealed class SetDecontaminator(DataFactoryDbContext context)
{
    /// <summary>The problems of a set as benchmark items (their prompts), for checking another set against it.</summary>
    /// <exception cref="InvalidOperationException">No set has that name.</exception>
    public async Task<IReadOnlyList<BenchmarkItem>> LoadItemsAsync(string setName, CancellationToken cancellationToken)
    {
        var setId = await FindSetAsync(setName, cancellationToken);
        return await context.Problems.AsNoTracking()
            .Where(p => p.SetId == setId)
            .OrderBy(p => p.Id)
            .Select(p => new BenchmarkItem(setName, p.ExternalId, p.Prompt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether a set of that name exists.</summary>
    public async Task<bool> SetExistsAsync(string setName, CancellationToken cancellationToken) =>
        await context.ProblemSets.AnyAsync(s => s.Name == setName, cancellationToken);

    /// <summary>Checks the set's problems, marks those flagged and returns them.</summary>
    /// <exception cref="InvalidOperationException">No set has that name.</exception>
    public async Task<DecontaminationResult> DecontaminateAsync(string setName, ContaminationIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        var setId = await FindSetAsync(setName, cancellationToken);
        var checker = new ContaminationChecker(index);
        var flags = new List<(long Id, ContaminationFlag Flag)>();
        long count = 0;
        var problems = context.Problems.AsNoTracking()
            .Where(p => p.SetId == setId)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.ExternalId, p.Prompt })
            .AsAsyncEnumerable();
        await foreach (var problem in problems.WithCancellation(cancellationToken))
        {
            count++;
            if (checker.Check(problem.Prompt) is { } match)
            {
                flags.Add((problem.Id, new ContaminationFlag(problem.ExternalId, match)));
            }
        }

        await MarkAsync(flags, cancellationToken);
        return new DecontaminationResult(count, [.. flags.Select(f => f.Flag)]);
    }

    private async Task MarkAsync(List<(long Id, ContaminationFlag Flag)> flags, CancellationToken cancellationToken)
    {
        if (flags.Count == 0)
        {
            return;
        }

        var strategy = context.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            foreach (var (id, flag) in flags)
            {
                var (item, overlap, _) = flag.Match;
                await context.Problems
                    .Where(p => p.Id == id && (p.ContaminationOverlap == null || p.ContaminationOverlap < overlap))
                    .ExecuteUpdateAsync(
                        update => update
                            .SetProperty(p => p.ContaminationBenchmark, item.Benchmark)
                            .SetProperty(p => p.ContaminationBenchmarkId, item.Id)
                            .SetProperty(p => p.ContaminationOverlap, overlap),
                        ct);
            }

            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private async Task<long> FindSetAsync(string setName, CancellationToken cancellationToken) =>
        await context.ProblemSets.AsNoTracking()
            .Where(s => s.Name == setName)
            .Select(s => (long?)s.Id)
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new InvalidOperationException($"No problem set named '{setName}'.");
}
