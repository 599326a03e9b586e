using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DataFactory.Storage.Export;

/// <summary>
/// Streams verified traces as JSON Lines in constant memory: one forward-only reader over a single
/// query ordered by problem then trace, one reused line buffer.
/// </summary>
public sealed class TraceExporter(DataFactoryDbContext context)
{
    private const int ProgressEvery = 4096;

    /// <summary>
    /// Writes one line per trace that passes the filters (for preference, one per pair; for kto, one per
    /// trace or rejected candidate); reports the lines written so far.
    /// </summary>
    /// <exception cref="InvalidOperationException">The set or run does not exist, or the run is not of the set.</exception>
    public async Task<ExportResult> ExportAsync(
        Stream output, ExportOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Format is ExportFormat.Preference or ExportFormat.Kto)
        {
            return await ExportPairsAsync(output, options, progress, cancellationToken);
        }

        if (options.Format == ExportFormat.Stepwise)
        {
            return await ExportStepwiseAsync(output, options, progress, cancellationToken);
        }

        await using var lines = new JsonLineWriter(output, options.Format, options.SystemPrompt);
        return await ExportAsync(lines, options, progress, cancellationToken);
    }

    /// <summary>
    /// Writes the traces as Parquet shards of bounded size with a dataset card (<c>README.md</c>) into
    /// <paramref name="directory"/>, in the layout <c>datasets.load_dataset("parquet", data_dir=...)</c> reads.
    /// </summary>
    /// <exception cref="InvalidOperationException">The set or run does not exist, or the run is not of the set.</exception>
    public async Task<ExportResult> ExportParquetAsync(
        string directory, ExportOptions options, ParquetExportSettings settings, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        if (options.Format == ExportFormat.Stepwise)
        {
            throw new ArgumentException("The stepwise export is written as JSON Lines only.", nameof(options));
        }

        var shards = new ParquetShardWriter(directory, options.Format, options.SystemPrompt, settings);
        var result = options.Format is ExportFormat.Preference or ExportFormat.Kto
            ? await ExportPairsAsync(shards, options, progress, cancellationToken)
            : await ExportAsync(shards, options, progress, cancellationToken);
        await shards.CompleteAsync(new DatasetCard(options, settings, result), cancellationToken);
        return result;
    }

    /// <summary>Preference pairs or kto examples: verified traces against the rejected candidates of each problem.</summary>
    private async Task<ExportResult> ExportPairsAsync(
        Stream output, ExportOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var lines = new PairLineWriter(output, options.Conversational, options.SystemPrompt);
        return await ExportPairsAsync(lines, options, progress, cancellationToken);
    }

    /// <summary>Stepwise supervision: the labelled candidates of label runs, one line each.</summary>
    private async Task<ExportResult> ExportStepwiseAsync(
        Stream output, ExportOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Validate(options);
        var (setId, _) = await ResolveSetAsync(options, cancellationToken);
        await StoreCommands.EnsureOpenAsync(context, cancellationToken);
        try
        {
            return await new StepwiseExporter(context).ExportAsync(output, options, setId, progress, cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private async Task<ExportResult> ExportPairsAsync(
        IPairSink sink, ExportOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Validate(options);
        var (setId, _) = await ResolveSetAsync(options, cancellationToken);
        await StoreCommands.EnsureOpenAsync(context, cancellationToken);
        try
        {
            return await new PairExporter(context).ExportAsync(sink, options, setId, progress, cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private async Task<ExportResult> ExportAsync(
        IExportSink sink, ExportOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Validate(options);
        var (setId, setName) = await ResolveSetAsync(options, cancellationToken);

        await StoreCommands.EnsureOpenAsync(context, cancellationToken);
        try
        {
            if (context.IsPostgres)
            {
                return await ExportByCopyAsync(sink, options, setId, setName, progress, cancellationToken);
            }

            await using var command = StoreCommands.Create(context, ExportQuery.Build(options));
            command.CommandTimeout = 0;
            StoreCommands.AddMapped(context, command, "@set_id", setId);
            if (options.RunId is { } runId)
            {
                StoreCommands.AddMapped(context, command, "@run_id", runId);
            }

            if (options.MaxPerProblem is { } maxPerProblem)
            {
                StoreCommands.AddMapped(context, command, "@max_per_problem", (long)maxPerProblem);
            }

            if (options.MinPassRate is { } min)
            {
                StoreCommands.AddMapped(context, command, "@min_pass_rate", min);
            }

            if (options.MaxPassRate is { } max)
            {
                StoreCommands.AddMapped(context, command, "@max_pass_rate", max);
            }

            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            var textOnly = ExportQuery.IsTextOnly(options.Format);
            return await WriteLinesAsync(
                sink,
                async (row, ct) => await reader.ReadAsync(ct) ? textOnly ? ReadTextOnly(reader, row) : Read(reader, row) : null,
                setName,
                progress,
                cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// PostgreSQL: the same query through <c>COPY ... TO STDOUT (FORMAT BINARY)</c>, the server's
    /// cheapest way out (no per-row protocol messages to build), read field by field in column order.
    /// </summary>
    private async Task<ExportResult> ExportByCopyAsync(
        IExportSink sink, ExportOptions options, long setId, string setName, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        await using var export = await connection.BeginBinaryExportAsync(
            $"COPY ({ExportQuery.BuildInlined(options, setId)}) TO STDOUT (FORMAT BINARY)", cancellationToken);
        var textOnly = ExportQuery.IsTextOnly(options.Format);
        return await WriteLinesAsync(
            sink,
            async (row, ct) => await export.StartRowAsync(ct) != -1
                ? textOnly ? await ReadTextOnlyAsync(export, row, ct) : await ReadAsync(export, row, ct)
                : null,
            setName,
            progress,
            cancellationToken);
    }

    /// <summary>
    /// Writes a line per row that <paramref name="next"/> reads into the reused row (true when the row
    /// starts a new problem, null after the last row) and reports progress.
    /// </summary>
    private static async Task<ExportResult> WriteLinesAsync(
        IExportSink lines, Func<ExportRow, CancellationToken, ValueTask<bool?>> next, string setName, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var row = new ExportRow { SetName = setName };
        long traces = 0, problems = 0;
        while (await next(row, cancellationToken) is { } newProblem)
        {
            if (newProblem)
            {
                problems++;
            }

            await lines.WriteAsync(row, cancellationToken);
            if (++traces % ProgressEvery == 0)
            {
                progress?.Report(traces);
            }
        }

        await lines.FlushAsync(cancellationToken);
        progress?.Report(traces);
        return new ExportResult(traces, problems, lines.Bytes);
    }

    /// <summary>Reads the current COPY row in column order; returns true when it starts a new problem.</summary>
    private static async ValueTask<bool> ReadAsync(NpgsqlBinaryExporter export, ExportRow row, CancellationToken cancellationToken)
    {
        var newProblem = StartsProblem(row, await export.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken));
        if (newProblem)
        {
            row.ExternalId = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
            row.Kind = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
            row.Prompt = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
            row.Answer = await ReadNullableAsync(export, NpgsqlDbType.Text, cancellationToken);
            row.Metadata = await ReadNullableAsync(export, NpgsqlDbType.Jsonb, cancellationToken);
            row.Candidates = await export.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken);
            row.Correct = await export.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken);
            row.Tokens = await export.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken);
            row.Exhausted = await export.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken);
        }
        else
        {
            // The problem's fields repeat on each of its traces: skip them unread.
            for (var column = ExportQuery.ExternalId; column < ExportQuery.TraceId; column++)
            {
                await export.SkipAsync(cancellationToken);
            }
        }

        row.TraceId = await export.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken);
        row.RunId = await export.ReadAsync<Guid>(NpgsqlDbType.Uuid, cancellationToken);
        row.Text = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
        row.FinalAnswer = await ReadNullableAsync(export, NpgsqlDbType.Text, cancellationToken);
        row.TokenCount = await export.ReadAsync<int>(NpgsqlDbType.Integer, cancellationToken);
        row.Verifier = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
        row.Flawed = await export.ReadAsync<bool>(NpgsqlDbType.Boolean, cancellationToken);
        row.StepCheck = await ReadNullableAsync(export, NpgsqlDbType.Jsonb, cancellationToken);
        row.Consensus = await export.ReadAsync<bool>(NpgsqlDbType.Boolean, cancellationToken);
        if (export.IsNull)
        {
            await export.SkipAsync(cancellationToken);
            row.VoteShare = null;
        }
        else
        {
            row.VoteShare = await export.ReadAsync<double>(NpgsqlDbType.Double, cancellationToken);
        }

        return newProblem;
    }

    /// <summary>Reads the current COPY row of the text-only query; returns true when it starts a new problem.</summary>
    private static async ValueTask<bool> ReadTextOnlyAsync(NpgsqlBinaryExporter export, ExportRow row, CancellationToken cancellationToken)
    {
        var newProblem = StartsProblem(row, await export.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken));
        if (newProblem)
        {
            row.Prompt = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
        }
        else
        {
            await export.SkipAsync(cancellationToken);
        }

        row.Text = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
        return newProblem;
    }

    private static async ValueTask<string?> ReadNullableAsync(NpgsqlBinaryExporter export, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (export.IsNull)
        {
            await export.SkipAsync(cancellationToken);
            return null;
        }

        return await export.ReadAsync<string>(type, cancellationToken);
    }

    /// <summary>Reads the current row in column order; returns true when it starts a new problem.</summary>
    private static bool Read(DbDataReader reader, ExportRow row)
    {
        var newProblem = StartsProblem(row, reader.GetInt64(ExportQuery.ProblemId));
        if (newProblem)
        {
            row.ExternalId = reader.GetString(ExportQuery.ExternalId);
            row.Kind = reader.GetString(ExportQuery.Kind);
            row.Prompt = reader.GetString(ExportQuery.Prompt);
            row.Answer = reader.IsDBNull(ExportQuery.Answer) ? null : reader.GetString(ExportQuery.Answer);
            row.Metadata = reader.IsDBNull(ExportQuery.Metadata) ? null : reader.GetString(ExportQuery.Metadata);
            row.Candidates = reader.GetInt64(ExportQuery.Candidates);
            row.Correct = reader.GetInt64(ExportQuery.Correct);
            row.Tokens = reader.GetInt64(ExportQuery.Tokens);
            row.Exhausted = reader.GetInt64(ExportQuery.Exhausted);
        }

        row.TraceId = reader.GetInt64(ExportQuery.TraceId);
        row.RunId = reader.GetGuid(ExportQuery.RunId);
        row.Text = reader.GetString(ExportQuery.Text);
        row.FinalAnswer = reader.IsDBNull(ExportQuery.FinalAnswer) ? null : reader.GetString(ExportQuery.FinalAnswer);
        row.TokenCount = reader.GetInt32(ExportQuery.TokenCount);
        row.Verifier = reader.GetString(ExportQuery.Verifier);
        row.Flawed = reader.GetBoolean(ExportQuery.Flawed);
        row.StepCheck = reader.IsDBNull(ExportQuery.StepCheck) ? null : reader.GetString(ExportQuery.StepCheck);
        row.Consensus = reader.GetBoolean(ExportQuery.Consensus);
        row.VoteShare = reader.IsDBNull(ExportQuery.VoteShare) ? null : reader.GetDouble(ExportQuery.VoteShare);
        return newProblem;
    }

    /// <summary>Reads the current row of the text-only query; returns true when it starts a new problem.</summary>
    private static bool ReadTextOnly(DbDataReader reader, ExportRow row)
    {
        var newProblem = StartsProblem(row, reader.GetInt64(ExportQuery.TextOnlyProblemId));
        if (newProblem)
        {
            row.Prompt = reader.GetString(ExportQuery.TextOnlyPrompt);
        }

        row.Text = reader.GetString(ExportQuery.TextOnlyText);
        return newProblem;
    }

    /// <summary>True when <paramref name="problemId"/> is not the row's problem: the row moves to it.</summary>
    private static bool StartsProblem(ExportRow row, long problemId)
    {
        if (problemId == row.ProblemId)
        {
            return false;
        }

        row.ProblemId = problemId;
        return true;
    }

    private static void Validate(ExportOptions options)
    {
        if (options.SetName is null && options.RunId is null)
        {
            throw new ArgumentException("Give a set, a run, or both.", nameof(options));
        }

        if (options.MinPassRate is < 0 or > 1 || options.MaxPassRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Pass rates are between 0 and 1.");
        }

        if (options.PairsPerProblem < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PairsPerProblem, "PairsPerProblem must be at least 1.");
        }

        if (options.MaxPerProblem is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPerProblem, "MaxPerProblem must be at least 1.");
        }
    }

    private async Task<(long SetId, string SetName)> ResolveSetAsync(ExportOptions options, CancellationToken cancellationToken)
    {
        if (options.RunId is { } runId)
        {
            var run = await context.Runs.AsNoTracking()
                .Where(r => r.Id == runId)
                .Join(context.ProblemSets, r => r.SetId, s => s.Id, (r, s) => new { s.Id, s.Name })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException($"No run {runId}.");
            if (options.SetName is not null && options.SetName != run.Name)
            {
                throw new InvalidOperationException($"Run {runId} is a run of set '{run.Name}', not '{options.SetName}'.");
            }

            return (run.Id, run.Name);
        }

        var set = await context.ProblemSets.AsNoTracking()
            .Where(s => s.Name == options.SetName)
            .Select(s => new { s.Id, s.Name })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No problem set named '{options.SetName}'.");
        return (set.Id, set.Name);
    }
}
