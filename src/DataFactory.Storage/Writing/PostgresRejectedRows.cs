using DataFactory.Storage.Import;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DataFactory.Storage.Writing;

/// <summary>
/// PostgreSQL: rejected candidates go in as traces do. The hashes a problem already has are looked up
/// by index, the rest go in by binary <c>COPY</c>; should another writer store one of the same texts
/// in between, the COPY is rolled back to a savepoint and the rows go in by a set-based insert that
/// skips conflicts.
/// </summary>
internal sealed class PostgresRejectedRows(DataFactoryDbContext context)
{
    private const string Columns = "problem_id, run_id, text_compressed, final_answer, token_count, verdict, reason, verifier, verifier_version, candidate_hash, created_at";

    private const string Insert = $"""
        INSERT INTO candidates_rejected ({Columns})
        SELECT u.problem_id, @run_id, u.text_compressed, u.final_answer, u.token_count, u.verdict, u.reason, u.verifier, u.verifier_version, u.candidate_hash, @now
        FROM unnest(@problem_ids, @texts, @final_answers, @token_counts, @verdicts, @reasons, @verifiers, @verifier_versions, @hashes)
            AS u(problem_id, text_compressed, final_answer, token_count, verdict, reason, verifier, verifier_version, candidate_hash)
        ON CONFLICT (problem_id, candidate_hash) DO NOTHING
        """;

    private const string StoredHashes = """
        SELECT u.problem_id, u.candidate_hash
        FROM unnest(@problem_ids, @hashes) AS u(problem_id, candidate_hash)
        JOIN candidates_rejected c ON c.problem_id = u.problem_id AND c.candidate_hash = u.candidate_hash
        """;

    private const string Copy = $"COPY candidates_rejected ({Columns}) FROM STDIN (FORMAT BINARY)";

    private const string Savepoint = "rejected_copy";

    public async Task<int> InsertAsync(Guid runId, IReadOnlyList<PendingRejected> rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = await NotStoredAsync(rejected, cancellationToken);
        if (fresh.Count == 0)
        {
            return 0;
        }

        return await SavepointCopy.RunAsync(
            context, Savepoint, "Rejected candidates",
            ct => CopyAsync(runId, fresh, now, ct),
            ct => InsertSkippingConflictsAsync(runId, fresh, now, ct),
            cancellationToken);
    }

    private async Task<List<PendingRejected>> NotStoredAsync(IReadOnlyList<PendingRejected> rejected, CancellationToken cancellationToken)
    {
        var seen = new HashSet<(long, byte[])>(KeyComparer.Instance);
        await using (var command = (NpgsqlCommand)StoreCommands.Create(context, StoredHashes))
        {
            command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", [.. rejected.Select(t => t.ProblemId)]));
            command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", [.. rejected.Select(t => t.Hash)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                seen.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        return rejected.Where(r => seen.Add((r.ProblemId, r.Hash))).ToList();
    }

    private async Task<int> CopyAsync(Guid runId, List<PendingRejected> rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var candidate in rejected)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(candidate.ProblemId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(runId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(candidate.TextCompressed, NpgsqlDbType.Bytea, cancellationToken);
            if (candidate.FinalAnswer is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(candidate.FinalAnswer, NpgsqlDbType.Text, cancellationToken);
            }

            await importer.WriteAsync(candidate.TokenCount, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(candidate.Verdict, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(candidate.Reason, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(candidate.Verifier, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(candidate.VerifierVersion, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(candidate.Hash, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        return checked((int)await importer.CompleteAsync(cancellationToken));
    }

    private async Task<int> InsertSkippingConflictsAsync(Guid runId, List<PendingRejected> rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = (NpgsqlCommand)StoreCommands.Create(context, Insert);
        command.Parameters.Add(new NpgsqlParameter<Guid>("run_id", runId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<long[]>("problem_ids", [.. rejected.Select(r => r.ProblemId)]));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("texts", [.. rejected.Select(r => r.TextCompressed)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("final_answers", [.. rejected.Select(r => r.FinalAnswer)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int[]>("token_counts", [.. rejected.Select(r => r.TokenCount)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("verdicts", [.. rejected.Select(r => r.Verdict)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", [.. rejected.Select(r => r.Reason)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("verifiers", [.. rejected.Select(r => r.Verifier)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("verifier_versions", [.. rejected.Select(r => r.VerifierVersion)]));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", [.. rejected.Select(r => r.Hash)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class KeyComparer : IEqualityComparer<(long ProblemId, byte[] Hash)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((long ProblemId, byte[] Hash) x, (long ProblemId, byte[] Hash) y) =>
            x.ProblemId == y.ProblemId && ByteArrayComparer.Instance.Equals(x.Hash, y.Hash);

        public int GetHashCode((long ProblemId, byte[] Hash) obj) =>
            HashCode.Combine(obj.ProblemId, ByteArrayComparer.Instance.GetHashCode(obj.Hash));
    }
}
