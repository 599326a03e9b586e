using System.Text.Json;
using DataFactory.Core.Problems;
using Microsoft.Data.Sqlite;

namespace DataFactory.Storage.Import;

/// <summary>SQLite: one prepared insert executed per problem inside the import's transaction (in-process, no round trips).</summary>
internal sealed class SqliteProblemRows(DataFactoryDbContext context) : IProblemRows
{
    private const string Insert = """
        INSERT INTO problems (set_id, external_id, prompt, answer, kind, numbers, target, options, tests, metadata, content_hash, created_at)
        VALUES (@set_id, @external_id, @prompt, @answer, @kind, @numbers, @target, @options, @tests, @metadata, @content_hash, @now)
        """;

    public async Task InsertAsync(long setId, IReadOnlyList<IncomingProblem> problems, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = (SqliteCommand)StoreCommands.Create(context, Insert);
        StoreCommands.AddMapped(context, command, "@now", now);
        Add(command, "@set_id", SqliteType.Integer).Value = setId;
        var externalId = Add(command, "@external_id", SqliteType.Text);
        var prompt = Add(command, "@prompt", SqliteType.Text);
        var answer = Add(command, "@answer", SqliteType.Text);
        var kind = Add(command, "@kind", SqliteType.Text);
        var numbers = Add(command, "@numbers", SqliteType.Text);
        var target = Add(command, "@target", SqliteType.Integer);
        var options = Add(command, "@options", SqliteType.Text);
        var tests = Add(command, "@tests", SqliteType.Text);
        var metadata = Add(command, "@metadata", SqliteType.Text);
        var hash = Add(command, "@content_hash", SqliteType.Blob);
        await command.PrepareAsync(cancellationToken);
        foreach (var (problem, contentHash) in problems)
        {
            externalId.Value = problem.Id;
            prompt.Value = problem.Prompt;
            answer.Value = Nullable(problem.Answer);
            kind.Value = problem.Kind.ToName();

            // EF stores primitive collections as JSON arrays on SQLite.
            numbers.Value = problem.Numbers is null ? DBNull.Value : JsonSerializer.Serialize(problem.Numbers, StoreJson.Options);
            target.Value = problem.Target is { } value ? value : DBNull.Value;
            options.Value = problem.Options is null ? DBNull.Value : JsonSerializer.Serialize(problem.Options, StoreJson.Options);
            tests.Value = Nullable(problem.Tests);
            metadata.Value = Nullable(problem.Metadata);
            hash.Value = contentHash;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
        command.Parameters.Add(new SqliteParameter(name, type));
}
