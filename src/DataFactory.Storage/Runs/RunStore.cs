using System.Text.Json;
using DataFactory.Core.Sampling;
using DataFactory.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Runs;

/// <summary>Runs in the store: creation and status.</summary>
public sealed class RunStore(DataFactoryDbContext context)
{
    /// <summary>
    /// Creates a run over the set and returns its id with the problems to queue (in store id order).
    /// A run over no problem is done at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">No set has that name.</exception>
    public async Task<RunCreated> CreateRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model.Name);
        if (request.MaxProblems is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxProblems, "MaxProblems must not be negative.");
        }

        var setId = await context.ProblemSets.AsNoTracking()
            .Where(s => s.Name == request.SetName)
            .Select(s => (long?)s.Id)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No problem set named '{request.SetName}'; import it first.");

        var query = context.Problems.AsNoTracking().Where(p => p.SetId == setId).OrderBy(p => p.Id).Select(p => p.Id);
        var problemIds = request.MaxProblems is { } max
            ? await query.Take(max).ToListAsync(cancellationToken)
            : await query.ToListAsync(cancellationToken);

        var now = DateTimeOffset.UtcNow;
        var run = new RunEntity
        {
            Id = Guid.CreateVersion7(now),
            SetId = setId,
            ModelName = request.Model.Name,
            ModelPath = request.Model.Path,
            ModelHash = request.Model.Hash,
            Sampling = JsonSerializer.Serialize(request.Sampling, StoreJson.Options),
            Strategy = request.Strategy,
            SamplesPerProblem = request.Sampling.Samples,
            KeepFlawed = request.KeepFlawed,
            Status = problemIds.Count == 0 ? RunState.Done : RunState.Queued,
            ProblemsTotal = problemIds.Count,
            CreatedAt = now,
            FinishedAt = problemIds.Count == 0 ? now : null,
        };
        context.Runs.Add(run);
        await context.SaveChangesAsync(cancellationToken);
        context.Entry(run).State = EntityState.Detached;
        return new RunCreated(run.Id, problemIds);
    }

    /// <summary>One run, or null when there is none with that id.</summary>
    public async Task<RunSummary?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var rows = await Query(context.Runs.Where(r => r.Id == runId), context.ProblemSets).ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : ToSummary(rows[0].Run, rows[0].SetName);
    }

    /// <summary>
    /// Problems of a run with at least one verified candidate: with n candidates per problem, this over the
    /// problems done is the run's pass@n.
    /// </summary>
    public Task<int> CountSolvedAsync(Guid runId, CancellationToken cancellationToken) =>
        context.ProblemAttempts.AsNoTracking().CountAsync(a => a.RunId == runId && a.Correct > 0, cancellationToken);

    /// <summary>Runs, newest first, optionally of one set only.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(string? setName, CancellationToken cancellationToken)
    {
        var sets = setName is null ? context.ProblemSets : context.ProblemSets.Where(s => s.Name == setName);
        var query = Query(context.Runs, sets);

        // Ordered here: SQLite cannot order by a DateTimeOffset column, and the list is short.
        var rows = await query.ToListAsync(cancellationToken);
        return [.. rows.Select(r => ToSummary(r.Run, r.SetName)).OrderByDescending(r => r.CreatedAt)];
    }

    private static IQueryable<RunRow> Query(IQueryable<RunEntity> runs, IQueryable<ProblemSetEntity> sets) =>
        from run in runs.AsNoTracking()
        join set in sets.AsNoTracking() on run.SetId equals set.Id
        select new RunRow(run, set.Name);

    private static RunSummary ToSummary(RunEntity run, string setName) => new()
    {
        RunId = run.Id,
        SetName = setName,
        Model = new ModelIdentity(run.ModelName, run.ModelPath, run.ModelHash),
        Sampling = JsonSerializer.Deserialize<SamplingOptions>(run.Sampling, StoreJson.Options)
            ?? throw new FormatException($"Run {run.Id} has no sampling options."),
        Strategy = run.Strategy,
        Status = run.Status,
        ProblemsTotal = run.ProblemsTotal,
        ProblemsDone = run.ProblemsDone,
        ProblemsFailed = run.ProblemsFailed,
        Candidates = run.Candidates,
        Verified = run.Verified,
        Flawed = run.Flawed,
        KeepFlawed = run.KeepFlawed,
        Traces = run.Traces,
        Tokens = run.Tokens,
        GenerationSeconds = run.GenerationSeconds,
        CreatedAt = run.CreatedAt,
        StartedAt = run.StartedAt,
        UpdatedAt = run.UpdatedAt,
        FinishedAt = run.FinishedAt,
    };

    private sealed record RunRow(RunEntity Run, string SetName);
}
