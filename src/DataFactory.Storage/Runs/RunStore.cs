using System.Text.Json;
using DataFactory.Core.Consensus;
using DataFactory.Core.Harvest;
using DataFactory.Core.Steps.Labelling;
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

        var set = await context.ProblemSets.AsNoTracking()
            .Where(s => s.Name == request.SetName)
            .Select(s => new { s.Id, s.Consensus })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No problem set named '{request.SetName}'; import it first.");
        var setId = set.Id;
        if (set.Consensus && request.Harvest?.Consensus is null)
        {
            // Its problems without a gold answer could only fail: say so before anything is queued.
            throw new InvalidOperationException(
                $"Set '{request.SetName}' was imported for consensus (problems without gold answers); run it with --consensus.");
        }

        var query = context.Problems.AsNoTracking().Where(p => p.SetId == setId).OrderBy(p => p.Id).Select(p => p.Id);
        var problemIds = request.MaxProblems is { } max
            ? await query.Take(max).ToListAsync(cancellationToken)
            : await query.ToListAsync(cancellationToken);

        Guid? modelId = request.Model.Hash is { Length: > 0 } fingerprint
            ? await new Models.ModelStore(context).EnsureAsync(request.Model.Name, fingerprint, cancellationToken)
            : null;
        var harvest = request.Harvest ?? HarvestSettings.Flat(request.Sampling.Samples);
        if (harvest.Validate() is { } invalid)
        {
            throw new ArgumentException($"Harvest settings: {invalid}.", nameof(request));
        }

        var adaptive = harvest.Policy == HarvestPolicyKind.Adaptive;
        var label = harvest.Policy == HarvestPolicyKind.Label;
        var search = harvest.Policy == HarvestPolicyKind.Search;
        var now = DateTimeOffset.UtcNow;
        var run = new RunEntity
        {
            Id = Guid.CreateVersion7(now),
            SetId = setId,
            ModelName = request.Model.Name,
            ModelPath = request.Model.Path,
            ModelHash = request.Model.Hash,
            ModelId = modelId,
            Sampling = JsonSerializer.Serialize(request.Sampling, StoreJson.Options),
            Strategy = harvest.Name,
            SamplesPerProblem = harvest.MaxCandidates,
            TargetVerified = adaptive || search ? harvest.TargetVerified : null,
            Budget = adaptive || search ? harvest.Budget : null,
            FirstRound = adaptive ? harvest.FirstRound : null,
            RolloutsPerPrefix = label || search ? harvest.Rollouts : null,
            LabelSearch = label ? StepLabelNames.Of(harvest.LabelSearch) : null,
            Beam = search ? harvest.Beam : null,
            Expand = search ? harvest.Expand : null,
            ConsensusMinVotes = harvest.Consensus?.MinVotes,
            ConsensusMinShare = harvest.Consensus?.MinShare,
            MaxPerProblem = harvest.MaxPerProblem,
            Saturation = adaptive && harvest.Saturation,
            StopOnFalseStep = harvest.StopOnFalseStep,
            KeepFlawed = request.KeepFlawed,
            KeepRejected = request.KeepRejected,
            Status = problemIds.Count == 0 ? RunState.Done : RunState.Queued,
            ProblemsTotal = problemIds.Count,
            LastProblemId = problemIds.Count == 0 ? null : problemIds[^1],
            CreatedAt = now,
            FinishedAt = problemIds.Count == 0 ? now : null,
        };
        context.Runs.Add(run);
        await context.SaveChangesAsync(cancellationToken);
        context.Entry(run).State = EntityState.Detached;
        return new RunCreated(run.Id, problemIds);
    }

    /// <summary>
    /// Records that the run's problems up to <paramref name="queuedThrough"/>, the first <paramref name="problemsSent"/>
    /// of the run in id order, are queued. The mark only moves forward, so a late or repeated call changes nothing.
    /// </summary>
    public Task RecordQueuedAsync(Guid runId, long queuedThrough, int problemsSent, CancellationToken cancellationToken) =>
        context.Runs
            .Where(r => r.Id == runId && (r.QueuedThrough == null || r.QueuedThrough < queuedThrough))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.QueuedThrough, queuedThrough).SetProperty(r => r.ProblemsSent, problemsSent), cancellationToken);

    /// <summary>
    /// The run's problems, derived again as at creation (the first <see cref="RunEntity.ProblemsTotal"/> of its set
    /// in id order, none beyond <see cref="RunEntity.LastProblemId"/>), and those of them still to queue: not yet
    /// queued (beyond <see cref="RunEntity.QueuedThrough"/>) and not finished (no attempt row).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="requeueUnfinished">
    /// Count every unfinished problem as still to queue, whatever was queued: for a run whose queue
    /// was in memory (<c>run --local</c>) and went with the process that queued it.
    /// </param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <exception cref="InvalidOperationException">No such run, or one created before queueing was recorded.</exception>
    public async Task<RunQueueing> GetQueueingAsync(Guid runId, bool requeueUnfinished, CancellationToken cancellationToken)
    {
        var run = await context.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new InvalidOperationException($"No run {runId}.");
        if (run.ProblemsTotal > 0 && run.LastProblemId is null)
        {
            throw new InvalidOperationException($"Run {runId} was created by a build that did not record its queueing; it cannot be resumed.");
        }

        var last = run.LastProblemId ?? 0;
        var problemIds = await context.Problems.AsNoTracking()
            .Where(p => p.SetId == run.SetId && p.Id <= last)
            .OrderBy(p => p.Id)
            .Select(p => p.Id)
            .Take(run.ProblemsTotal)
            .ToListAsync(cancellationToken);
        var queuedThrough = requeueUnfinished ? 0 : run.QueuedThrough ?? 0;
        var finished = (await context.ProblemAttempts.AsNoTracking()
            .Where(a => a.RunId == runId && a.ProblemId > queuedThrough)
            .Select(a => a.ProblemId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var pending = problemIds.Where(id => id > queuedThrough && !finished.Contains(id)).ToList();
        return new RunQueueing(runId, run.ModelHash, problemIds, pending);
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

    private static RunSummary ToSummary(RunEntity run, string setName)
    {
        var sampling = JsonSerializer.Deserialize<SamplingOptions>(run.Sampling, StoreJson.Options)
            ?? throw new FormatException($"Run {run.Id} has no sampling options.");
        return ToSummary(run, setName, sampling);
    }

    private static HarvestSettings Harvest(RunEntity run, SamplingOptions sampling)
    {
        var policy = run.Strategy switch
        {
            HarvestSettings.AdaptiveName => HarvestSettings.Adaptive(
                run.TargetVerified ?? 1, run.Budget ?? run.SamplesPerProblem, run.FirstRound ?? HarvestSettings.DefaultFirstRound, run.Saturation),
            HarvestSettings.LabelName => HarvestSettings.Label(
                sampling.Samples, run.RolloutsPerPrefix ?? HarvestSettings.DefaultRollouts, StepLabelNames.ParseSearch(run.LabelSearch) ?? LabelSearch.Bisect),
            HarvestSettings.SearchName => HarvestSettings.Search(
                run.Beam ?? HarvestSettings.DefaultBeam,
                run.Expand ?? HarvestSettings.DefaultExpand,
                run.Budget ?? HarvestSettings.DefaultSearchBudget,
                run.RolloutsPerPrefix ?? 0,
                run.TargetVerified ?? 1),
            _ => HarvestSettings.Flat(sampling.Samples),
        };
        return policy with
        {
            Consensus = run.ConsensusMinVotes is { } votes
                ? new ConsensusSettings { MinVotes = votes, MinShare = run.ConsensusMinShare ?? ConsensusSettings.DefaultMinShare }
                : null,
            MaxPerProblem = run.MaxPerProblem,
            StopOnFalseStep = run.StopOnFalseStep,
        };
    }

    private static RunSummary ToSummary(RunEntity run, string setName, SamplingOptions sampling) => new()
    {
        RunId = run.Id,
        SetName = setName,
        Model = new ModelIdentity(run.ModelName, run.ModelPath, run.ModelHash),
        Sampling = sampling,
        Harvest = Harvest(run, sampling),
        Strategy = run.Strategy,
        Status = run.Status,
        ProblemsTotal = run.ProblemsTotal,
        ProblemsDone = run.ProblemsDone,
        ProblemsFailed = run.ProblemsFailed,
        ProblemsSent = run.ProblemsSent,
        QueueingComplete = run.LastProblemId is not { } lastId || run.QueuedThrough >= lastId,
        Candidates = run.Candidates,
        Verified = run.Verified,
        Flawed = run.Flawed,
        Stopped = run.CandidatesStopped,
        KeepFlawed = run.KeepFlawed,
        KeepRejected = run.KeepRejected,
        Rejected = run.Rejected,
        Traces = run.Traces,
        Duplicates = run.Duplicates,
        ProblemsExhausted = run.ProblemsExhausted,
        ProblemsSaturated = run.ProblemsSaturated,
        LabelledCandidates = run.LabelledCandidates,
        LabelledSteps = run.LabelledSteps,
        Rollouts = run.Rollouts,
        ProblemsLabelled = run.ProblemsLabelled,
        ConsensusTraces = run.ConsensusTraces,
        Tokens = run.Tokens,
        GenerationSeconds = run.GenerationSeconds,
        CreatedAt = run.CreatedAt,
        StartedAt = run.StartedAt,
        UpdatedAt = run.UpdatedAt,
        FinishedAt = run.FinishedAt,
    };

    private sealed record RunRow(RunEntity Run, string SetName);
}
