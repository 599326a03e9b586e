using System.Text.Json;
using DataFactory.Core.Consensus;
using DataFactory.Core.Problems;
using DataFactory.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Import;

/// <summary>Problem sets in the store: import (all or nothing) and loading problems by id.</summary>
public sealed class ProblemSetStore(DataFactoryDbContext context)
{
    private const int MaxNamed = 10;

    /// <summary>
    /// Imports problems into the named set, creating it if needed, in one transaction: either every
    /// new problem is stored or, when the file is rejected, nothing is. A problem already in the set
    /// with the same id and content is skipped; one with the same id and different content rejects
    /// the import, naming the id. A problem whose content the set already holds under another id is
    /// skipped as a duplicate. Problems are written in bulk (binary COPY on PostgreSQL).
    /// </summary>
    /// <exception cref="ProblemImportException">Duplicate ids in the input, invalid metadata JSON, or changed problems.</exception>
    public Task<ImportResult> ImportAsync(string setName, IReadOnlyList<Problem> problems, CancellationToken cancellationToken) =>
        ImportAsync(setName, problems, consensus: false, cancellationToken);

    /// <summary>
    /// Imports as <see cref="ImportAsync(string, IReadOnlyList{Problem}, CancellationToken)"/> does; with
    /// <paramref name="consensus"/> the set is recorded as meant for consensus (<c>problem_sets.consensus</c>, for good)
    /// and its math, exact and multiple-choice problems may lack a gold answer. Without it such a problem rejects the import.
    /// </summary>
    /// <exception cref="ProblemImportException">As the other overload; or a problem without a gold answer outside a consensus import.</exception>
    public async Task<ImportResult> ImportAsync(string setName, IReadOnlyList<Problem> problems, bool consensus, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setName);
        ArgumentNullException.ThrowIfNull(problems);
        if (!consensus)
        {
            var unlabelled = problems.Where(ConsensusVote.Applies).Select(p => p.Id).ToList();
            if (unlabelled.Count > 0)
            {
                throw new ProblemImportException(
                    $"{unlabelled.Count} problem(s) have no gold answer: {Names(unlabelled)}. A set without gold answers is imported for consensus (import --consensus); nothing was stored.",
                    [.. unlabelled.Take(MaxNamed)]);
            }
        }

        var incoming = Prepare(problems);
        IProblemRows rows = context.IsPostgres ? new PostgresProblemRows(context) : new SqliteProblemRows(context);
        var now = DateTimeOffset.UtcNow;

        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            var (setId, created) = await LockOrCreateSetAsync(setName, now, ct);
            var existing = created
                ? []
                : await context.Problems.AsNoTracking()
                    .Where(p => p.SetId == setId)
                    .Select(p => new { p.ExternalId, p.ContentHash })
                    .ToDictionaryAsync(p => p.ExternalId, p => p.ContentHash, StringComparer.Ordinal, ct);

            var knownContent = new HashSet<byte[]>(existing.Values, ByteArrayComparer.Instance);
            var added = new List<IncomingProblem>(incoming.Count);
            var changed = new List<string>();
            int unchanged = 0, duplicates = 0;
            foreach (var problem in incoming)
            {
                if (existing.TryGetValue(problem.Problem.Id, out var storedHash))
                {
                    if (storedHash.AsSpan().SequenceEqual(problem.Hash))
                    {
                        unchanged++;
                    }
                    else
                    {
                        changed.Add(problem.Problem.Id);
                    }
                }
                else if (!knownContent.Add(problem.Hash))
                {
                    duplicates++;
                }
                else
                {
                    added.Add(problem);
                }
            }

            if (changed.Count > 0)
            {
                throw new ProblemImportException(
                    $"Set '{setName}' already holds {changed.Count} problem(s) with the same id and different content: " +
                    $"{Names(changed)}. Import them under new ids or into a new set; nothing was stored.",
                    [.. changed.Take(MaxNamed)]);
            }

            if (added.Count > 0)
            {
                await rows.InsertAsync(setId, added, now, ct);
            }

            if (consensus)
            {
                await context.ProblemSets.Where(s => s.Id == setId && !s.Consensus).ExecuteUpdateAsync(u => u.SetProperty(s => s.Consensus, true), ct);
            }

            await transaction.CommitAsync(ct);
            return new ImportResult(setId, created, added.Count, unchanged, duplicates);
        }, cancellationToken);
    }

    /// <summary>Loads problems by store id (those that exist), in id order.</summary>
    public async Task<IReadOnlyList<ProblemEntity>> GetProblemsAsync(IReadOnlyCollection<long> problemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problemIds);
        return await context.Problems.AsNoTracking()
            .Where(p => problemIds.Contains(p.Id))
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The set's store id, or null when no set has that name.</summary>
    public async Task<long?> FindSetAsync(string setName, CancellationToken cancellationToken) =>
        await context.ProblemSets.AsNoTracking()
            .Where(s => s.Name == setName)
            .Select(s => (long?)s.Id)
            .SingleOrDefaultAsync(cancellationToken);

    private static List<IncomingProblem> Prepare(IReadOnlyList<Problem> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new List<string>();
        var badMetadata = new List<string>();
        var prepared = new List<IncomingProblem>(problems.Count);
        foreach (var problem in problems)
        {
            ArgumentNullException.ThrowIfNull(problem);
            if (!ids.Add(problem.Id))
            {
                repeated.Add(problem.Id);
                continue;
            }

            if (problem.Metadata is not null && !IsJsonObject(problem.Metadata))
            {
                badMetadata.Add(problem.Id);
            }

            prepared.Add(new IncomingProblem(problem, ContentHash.Compute(problem)));
        }

        if (repeated.Count > 0)
        {
            throw new ProblemImportException(
                $"Problem id(s) repeated in the input: {Names(repeated)}; nothing was stored.", [.. repeated.Take(MaxNamed)]);
        }

        if (badMetadata.Count > 0)
        {
            throw new ProblemImportException(
                $"Metadata is not a JSON object for problem(s): {Names(badMetadata)}; nothing was stored.", [.. badMetadata.Take(MaxNamed)]);
        }

        return prepared;
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Names(IReadOnlyCollection<string> ids) =>
        string.Join(", ", ids.Take(MaxNamed).Select(id => $"'{id}'")) + (ids.Count > MaxNamed ? $" and {ids.Count - MaxNamed} more" : "");

    private async Task<(long SetId, bool Created)> LockOrCreateSetAsync(string setName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var insert = StoreCommands.Create(context, """
            INSERT INTO problem_sets (name, created_at) VALUES (@name, @now)
            ON CONFLICT (name) DO NOTHING
            RETURNING id
            """))
        {
            StoreCommands.AddMapped(context, insert, "@name", setName);
            StoreCommands.AddMapped(context, insert, "@now", now);
            if (await insert.ExecuteScalarAsync(cancellationToken) is { } id)
            {
                return (Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture), true);
            }
        }

        // PostgreSQL: lock the set so that concurrent imports into it run one after the other.
        // SQLite: the transaction already holds the database's write lock.
        var lockClause = context.IsPostgres ? " FOR UPDATE" : "";
        await using var select = StoreCommands.Create(context, $"SELECT id FROM problem_sets WHERE name = @name{lockClause}");
        StoreCommands.AddMapped(context, select, "@name", setName);
        var existing = await select.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Problem set '{setName}' vanished during the import.");
        return (Convert.ToInt64(existing, System.Globalization.CultureInfo.InvariantCulture), false);
    }
}
