using Npgsql;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// What the store says about one finished run: problems without an attempt (stuck), failures
/// without a reason, counters that disagree with the attempt and trace rows (counted twice),
/// duplicate traces, and the run's traces and attempts by problem external id for comparison.
/// </summary>
internal sealed record RunAudit
{
    public required int Total { get; init; }

    public required int Done { get; init; }

    public required int Failed { get; init; }

    public required int Stuck { get; init; }

    public required int FailedWithoutReason { get; init; }

    public required int DuplicateTraces { get; init; }

    /// <summary>Counter name → (the run's counter, the sum over its rows), for those that differ.</summary>
    public required IReadOnlyDictionary<string, (long Counter, long Rows)> CounterMismatches { get; init; }

    /// <summary>Done attempts whose candidate count is none the run's policy can end at.</summary>
    public required int WrongCandidateCounts { get; init; }

    /// <summary>(problem external id, trace hash in hex) of every stored trace.</summary>
    public required IReadOnlySet<(string Problem, string Hash)> Traces { get; init; }

    /// <summary>Problem external id → "status candidates correct tokens".</summary>
    public required IReadOnlyDictionary<string, string> Attempts { get; init; }

    public static async Task<RunAudit> ReadAsync(string connectionString, Guid runId, string wrongCandidates)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var counters = await RowAsync(connection, runId,
            "SELECT problems_total, problems_done, problems_failed, candidates, verified, traces, tokens FROM runs WHERE id = @run");
        var rows = await RowAsync(connection, runId, """
            SELECT count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'failed'),
                   coalesce(sum(candidates), 0), coalesce(sum(correct), 0),
                   (SELECT count(*) FROM traces WHERE run_id = @run), coalesce(sum(tokens), 0)
            FROM problem_attempts WHERE run_id = @run
            """);
        string[] names = ["problems_done", "problems_failed", "candidates", "verified", "traces", "tokens"];
        var mismatches = names
            .Select((name, i) => (name, counter: counters[i + 1], rows: rows[i]))
            .Where(c => c.counter != c.rows)
            .ToDictionary(c => c.name, c => (c.counter, c.rows));

        var checks = await RowAsync(connection, runId, $"""
            SELECT
              (SELECT count(*) FROM problems p JOIN runs r ON r.set_id = p.set_id
                 WHERE r.id = @run AND NOT EXISTS (SELECT 1 FROM problem_attempts a WHERE a.run_id = @run AND a.problem_id = p.id)),
              (SELECT count(*) FROM problem_attempts WHERE run_id = @run AND status = 'failed' AND coalesce(trim(failure_reason), '') = ''),
              (SELECT count(*) - count(DISTINCT (problem_id, trace_hash)) FROM traces WHERE run_id = @run),
              (SELECT count(*) FROM problem_attempts WHERE run_id = @run AND status = 'done' AND ({wrongCandidates}))
            """);

        var traces = new HashSet<(string, string)>();
        await using (var command = new NpgsqlCommand(
            "SELECT p.external_id, encode(t.trace_hash, 'hex') FROM traces t JOIN problems p ON p.id = t.problem_id WHERE t.run_id = @run", connection))
        {
            command.Parameters.AddWithValue("run", runId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                traces.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var attempts = new Dictionary<string, string>();
        await using (var command = new NpgsqlCommand(
            "SELECT p.external_id, a.status || ' ' || a.candidates || ' ' || a.correct || ' ' || a.tokens FROM problem_attempts a JOIN problems p ON p.id = a.problem_id WHERE a.run_id = @run", connection))
        {
            command.Parameters.AddWithValue("run", runId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                attempts[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return new RunAudit
        {
            Total = (int)counters[0],
            Done = (int)counters[1],
            Failed = (int)counters[2],
            Stuck = (int)checks[0],
            FailedWithoutReason = (int)checks[1],
            DuplicateTraces = (int)checks[2],
            CounterMismatches = mismatches,
            WrongCandidateCounts = (int)checks[3],
            Traces = traces,
            Attempts = attempts,
        };
    }

    private static async Task<long[]> RowAsync(NpgsqlConnection connection, Guid runId, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"run {runId}: no row");
        var values = new long[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }
}
