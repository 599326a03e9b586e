using DataFactory.Core.Problems;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DataFactory.Storage.Import;

/// <summary>PostgreSQL: binary COPY straight into <c>problems</c> (the set is locked, so no conflict can arise).</summary>
internal sealed class PostgresProblemRows(DataFactoryDbContext context) : IProblemRows
{
    private const string Copy = """
        COPY problems (set_id, external_id, prompt, answer, kind, numbers, target, options, tests, metadata, content_hash, created_at)
        FROM STDIN (FORMAT BINARY)
        """;

    public async Task InsertAsync(long setId, IReadOnlyList<IncomingProblem> problems, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var (problem, hash) in problems)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(setId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(problem.Id, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(problem.Prompt, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, problem.Answer, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(problem.Kind.ToName(), NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, problem.Numbers?.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
            if (problem.Target is { } target)
            {
                await importer.WriteAsync(target, NpgsqlDbType.Bigint, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await WriteNullableAsync(importer, problem.Options?.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, problem.Tests, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, problem.Metadata, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
}
