using System.Text;
using System.Text.Json;
using DataFactory.Core.Problems;
using DataFactory.Storage.Import;
using DataFactory.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Models;

/// <summary>
/// The <c>models</c> table: registers models by fingerprint (idempotently: a second registration adds
/// what the first did not know, never a second row), lists the lineage, and finds which problems a
/// model's lineage was trained on.
/// </summary>
public sealed class ModelStore(DataFactoryDbContext context)
{
    /// <summary>Registers the model (and a record for its parent when it has none); returns the model's id.</summary>
    /// <exception cref="ArgumentException">A run it names does not exist, or it names itself as its parent.</exception>
    public async Task<Guid> RegisterAsync(ModelRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Fingerprint);
        if (registration.ParentFingerprint == registration.Fingerprint)
        {
            throw new ArgumentException($"Model '{registration.Name}' names itself as its parent.", nameof(registration));
        }

        var runs = registration.TrainedOnRuns.Distinct().ToArray();
        if (runs.Length > 0)
        {
            var known = await context.Runs.AsNoTracking().Where(r => runs.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken);
            if (runs.Except(known).FirstOrDefault() is var missing && missing != Guid.Empty)
            {
                throw new ArgumentException($"No run {missing} in this store (a model can only be trained on runs the store has).", nameof(registration));
            }
        }

        Guid? parentId = registration.ParentFingerprint is { Length: > 0 } parent
            ? await EnsureAsync(registration.ParentName ?? parent[..Math.Min(12, parent.Length)], parent, cancellationToken)
            : null;
        var id = await EnsureAsync(registration.Name, registration.Fingerprint, cancellationToken);
        var model = await context.Models.SingleAsync(m => m.Id == id, cancellationToken);
        var trainedOn = Runs(model.TrainedOnRuns).Union(runs).OrderBy(r => r).ToArray();
        model.ParentId ??= parentId;
        model.Path = registration.Path ?? model.Path;
        model.Training ??= registration.Training;
        model.TrainedOnRuns = JsonSerializer.Serialize(trainedOn);
        await context.SaveChangesAsync(cancellationToken);
        context.Entry(model).State = EntityState.Detached;
        return id;
    }

    /// <summary>The id of the model with this fingerprint, creating a bare record (name only) when there is none.</summary>
    public async Task<Guid> EnsureAsync(string name, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        if (await FindAsync(fingerprint, cancellationToken) is { } existing)
        {
            return existing;
        }

        var model = new ModelEntity
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Fingerprint = fingerprint,
            TrainedOnRuns = "[]",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        context.Models.Add(model);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return model.Id;
        }
        catch (DbUpdateException)
        {
            // Another process registered the same fingerprint first: theirs is the record.
            context.Entry(model).State = EntityState.Detached;
            return await FindAsync(fingerprint, cancellationToken)
                ?? throw new InvalidOperationException($"Could not record model {fingerprint}.");
        }
        finally
        {
            context.Entry(model).State = EntityState.Detached;
        }
    }

    /// <summary>The id of the model with this fingerprint, or null.</summary>
    public Task<Guid?> FindAsync(string fingerprint, CancellationToken cancellationToken) =>
        context.Models.AsNoTracking().Where(m => m.Fingerprint == fingerprint).Select(m => (Guid?)m.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Every model, oldest first, with its runs, evaluations and latest mean pass@1.</summary>
    public async Task<IReadOnlyList<ModelRow>> ListAsync(CancellationToken cancellationToken)
    {
        var models = await context.Models.AsNoTracking().ToListAsync(cancellationToken);
        var runs = await context.Runs.AsNoTracking().Where(r => r.ModelId != null)
            .GroupBy(r => r.ModelId).Select(g => new { Id = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);
        var evaluations = await context.Evaluations.AsNoTracking()
            .Select(e => new { e.ModelId, e.MeanPassAt1, e.CreatedAt })
            .ToListAsync(cancellationToken);
        return models
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m =>
            {
                var mine = evaluations.Where(e => e.ModelId == m.Id).OrderBy(e => e.CreatedAt).ToList();
                return new ModelRow(
                    m.Id, m.Name, m.Fingerprint, m.ParentId, m.Path, Runs(m.TrainedOnRuns), m.Training, m.CreatedAt,
                    runs.GetValueOrDefault(m.Id), mine.Count, mine.Count == 0 ? null : mine[^1].MeanPassAt1);
            })
            .ToList();
    }

    /// <summary>The runs the model and all its ancestors were trained on.</summary>
    public async Task<IReadOnlyList<Guid>> LineageRunsAsync(Guid modelId, CancellationToken cancellationToken)
    {
        var runs = new HashSet<Guid>();
        var seen = new HashSet<Guid>();
        Guid? current = modelId;
        while (current is { } id && seen.Add(id))
        {
            var model = await context.Models.AsNoTracking().Where(m => m.Id == id)
                .Select(m => new { m.ParentId, m.TrainedOnRuns }).SingleOrDefaultAsync(cancellationToken);
            if (model is null)
            {
                break;
            }

            runs.UnionWith(Runs(model.TrainedOnRuns));
            current = model.ParentId;
        }

        return runs.ToList();
    }

    /// <summary>
    /// How many of <paramref name="problems"/> share content with a problem attempted by one of
    /// <paramref name="runs"/>: the same content hash (kind, prompt, answer, numbers, ...) or the same
    /// prompt up to case and white space.
    /// </summary>
    public async Task<int> CountSharedAsync(IReadOnlyCollection<Problem> problems, IReadOnlyList<Guid> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (runs.Count == 0 || problems.Count == 0)
        {
            return 0;
        }

        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var prompts = new HashSet<string>(StringComparer.Ordinal);
        var trained = context.ProblemAttempts.AsNoTracking()
            .Where(a => runs.Contains(a.RunId))
            .Join(context.Problems.AsNoTracking(), a => a.ProblemId, p => p.Id, (a, p) => new { p.ContentHash, p.Prompt })
            .AsAsyncEnumerable();
        await foreach (var problem in trained.WithCancellation(cancellationToken))
        {
            hashes.Add(Convert.ToHexString(problem.ContentHash));
            prompts.Add(Normalize(problem.Prompt));
        }

        return problems.Count(p => hashes.Contains(Convert.ToHexString(ContentHash.Compute(p))) || prompts.Contains(Normalize(p.Prompt)));
    }

    private static Guid[] Runs(string json) => JsonSerializer.Deserialize<Guid[]>(json) ?? [];

    private static string Normalize(string prompt)
    {
        var text = new StringBuilder(prompt.Length);
        var space = false;
        foreach (var c in prompt.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
