using DataFactory.Storage.Schema;

namespace DataFactory.Storage.Writing;

/// <summary>
/// Adds the sums of newly written attempts to the run's counters, and closes the run when every
/// problem is done or failed. Portable SQL (PostgreSQL and SQLite 3.35+): the right-hand sides see
/// the row as it was before the update.
/// </summary>
internal static class RunCounters
{
    private static readonly string Update = $"""
        UPDATE runs SET
            problems_done = problems_done + @done,
            problems_failed = problems_failed + @failed,
            candidates = candidates + @candidates,
            verified = verified + @verified,
            flawed = flawed + @flawed,
            candidates_stopped = candidates_stopped + @stopped,
            traces = traces + @traces,
            rejected = rejected + @rejected,
            duplicates = duplicates + @duplicates,
            problems_exhausted = problems_exhausted + @exhausted,
            problems_saturated = problems_saturated + @saturated,
            labelled_candidates = labelled_candidates + @labelled_candidates,
            labelled_steps = labelled_steps + @labelled_steps,
            rollouts = rollouts + @rollouts,
            problems_labelled = problems_labelled + @labelled,
            consensus_traces = consensus_traces + @consensus_traces,
            tokens = tokens + @tokens,
            generation_seconds = generation_seconds + @seconds,
            started_at = COALESCE(started_at, @now),
            updated_at = @now,
            status = CASE WHEN problems_done + problems_failed + @done + @failed >= problems_total
                THEN '{ColumnNames.RunDone}' ELSE '{ColumnNames.RunRunning}' END,
            finished_at = CASE WHEN finished_at IS NULL AND problems_done + problems_failed + @done + @failed >= problems_total
                THEN @now ELSE finished_at END
        WHERE id = @run_id
        RETURNING problems_done + problems_failed, problems_total
        """;

    /// <summary>Applies the delta; returns true when it finished the run.</summary>
    public static async Task<bool> AddAsync(
        DataFactoryDbContext context, Guid runId, CounterDelta delta, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(context, Update);
        StoreCommands.AddMapped(context, command, "@run_id", runId);
        StoreCommands.AddMapped(context, command, "@now", now);
        StoreCommands.AddMapped(context, command, "@done", delta.Done);
        StoreCommands.AddMapped(context, command, "@failed", delta.Failed);
        StoreCommands.AddMapped(context, command, "@candidates", delta.Candidates);
        StoreCommands.AddMapped(context, command, "@verified", delta.Verified);
        StoreCommands.AddMapped(context, command, "@flawed", delta.Flawed);
        StoreCommands.AddMapped(context, command, "@stopped", delta.Stopped);
        StoreCommands.AddMapped(context, command, "@traces", delta.Traces);
        StoreCommands.AddMapped(context, command, "@rejected", delta.Rejected);
        StoreCommands.AddMapped(context, command, "@duplicates", delta.Duplicates);
        StoreCommands.AddMapped(context, command, "@exhausted", delta.Exhausted);
        StoreCommands.AddMapped(context, command, "@saturated", delta.Saturated);
        StoreCommands.AddMapped(context, command, "@labelled_candidates", delta.Labels.Candidates);
        StoreCommands.AddMapped(context, command, "@labelled_steps", delta.Labels.Steps);
        StoreCommands.AddMapped(context, command, "@rollouts", delta.Labels.Rollouts);
        StoreCommands.AddMapped(context, command, "@labelled", delta.Labelled);
        StoreCommands.AddMapped(context, command, "@consensus_traces", delta.ConsensusTraces);
        StoreCommands.AddMapped(context, command, "@tokens", delta.Tokens);
        StoreCommands.AddMapped(context, command, "@seconds", delta.GenerationSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Run {runId} does not exist.");
        }

        var finished = reader.GetInt64(0);
        var total = reader.GetInt64(1);
        return finished >= total && finished - delta.Done - delta.Failed < total;
    }
}
