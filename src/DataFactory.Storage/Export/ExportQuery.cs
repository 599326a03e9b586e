using System.Globalization;
using System.Text;
using DataFactory.Storage.Schema;

namespace DataFactory.Storage.Export;

/// <summary>
/// The export's single query (portable SQL for PostgreSQL and SQLite): a set's traces joined to their
/// problem and its attempt statistics, in problem, run and trace order (the order of the traces index), so it can be streamed.
/// </summary>
internal static class ExportQuery
{
    // Column ordinals, read in order under sequential access.
    public const int ProblemId = 0;
    public const int ExternalId = 1;
    public const int Kind = 2;
    public const int Prompt = 3;
    public const int Answer = 4;
    public const int Metadata = 5;
    public const int Candidates = 6;
    public const int Correct = 7;
    public const int Tokens = 8;
    public const int Exhausted = 9;
    public const int TraceId = 10;
    public const int RunId = 11;
    public const int Text = 12;
    public const int FinalAnswer = 13;
    public const int TokenCount = 14;
    public const int Verifier = 15;
    public const int Flawed = 16;
    public const int StepCheck = 17;
    public const int Consensus = 18;
    public const int VoteShare = 19;

    // Column ordinals of the text-only query (see IsTextOnly).
    public const int TextOnlyProblemId = 0;
    public const int TextOnlyPrompt = 1;
    public const int TextOnlyText = 2;

    /// <summary>
    /// True for the formats that write only the problem's prompt and the trace's text (chat and
    /// prompt-completion, in JSON Lines and Parquet): their query selects those and the problem's id,
    /// which groups the rows, so the server sends and the client decodes none of the other columns,
    /// and the row's other fields keep their defaults.
    /// </summary>
    public static bool IsTextOnly(ExportFormat format) => format is ExportFormat.Chat or ExportFormat.PromptCompletion;

    /// <summary>
    /// The query with its values written in as literals, for PostgreSQL's <c>COPY (query) TO STDOUT</c>,
    /// which takes no parameters. Every value is a number or a UUID, formatted invariantly: no text
    /// from the user reaches the SQL.
    /// </summary>
    public static string BuildInlined(ExportOptions options, long setId)
    {
        var sql = Build(options).Replace("@set_id", setId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (options.RunId is { } runId)
        {
            sql = sql.Replace("@run_id", $"'{runId:D}'::uuid", StringComparison.Ordinal);
        }

        if (options.MaxPerProblem is { } maxPerProblem)
        {
            sql = sql.Replace("@max_per_problem", maxPerProblem.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (options.MinPassRate is { } min)
        {
            sql = sql.Replace("@min_pass_rate", Literal(min), StringComparison.Ordinal);
        }

        if (options.MaxPassRate is { } max)
        {
            sql = sql.Replace("@max_pass_rate", Literal(max), StringComparison.Ordinal);
        }

        return sql;
    }

    private static string Literal(double value) => $"CAST({value.ToString("R", CultureInfo.InvariantCulture)} AS DOUBLE PRECISION)";

    public static string Build(ExportOptions options)
    {
        var byRun = options.RunId is not null;
        var sql = new StringBuilder();
        sql.Append(IsTextOnly(options.Format)
            ? "SELECT p.id, p.prompt, t.text\n"
            : """
                SELECT p.id, p.external_id, p.kind, p.prompt, p.answer, p.metadata,
                       s.candidates, s.correct, s.tokens, s.exhausted,
                       t.id, t.run_id, t.text, t.final_answer, t.token_count, t.verifier, t.flawed, t.step_check, t.consensus, t.vote_share

                """);
        sql.Append("""
            FROM problems p
            JOIN (
                SELECT a.problem_id, SUM(a.candidates) AS candidates, SUM(a.correct) AS correct, CAST(SUM(a.tokens) AS BIGINT) AS tokens,
                       CAST(SUM(CASE WHEN a.exhausted THEN 1 ELSE 0 END) AS BIGINT) AS exhausted
                FROM problem_attempts a

            """);
        sql.Append(byRun
            ? "    WHERE a.run_id = @run_id"
            : "    JOIN problems ap ON ap.id = a.problem_id\n    WHERE ap.set_id = @set_id");
        sql.Append($" AND a.status = '{ColumnNames.AttemptDone}'\n    GROUP BY a.problem_id\n) s ON s.problem_id = p.id\n");

        if (options.MaxPerProblem is not null)
        {
            // Rank within the problem among the traces the other filters keep, then cut at K.
            sql.Append("""
                JOIN (
                    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.problem_id ORDER BY r.id) AS rank
                    FROM traces r
                    JOIN problems rp ON rp.id = r.problem_id
                    WHERE rp.set_id = @set_id
                """);
            if (!options.IncludeFlawed)
            {
                sql.Append(" AND NOT r.flawed");
            }

            if (!options.IncludeConsensus)
            {
                sql.Append(" AND NOT r.consensus");
            }

            sql.Append(byRun ? " AND r.run_id = @run_id\n) t ON t.problem_id = p.id\n" : "\n) t ON t.problem_id = p.id\n");
        }
        else
        {
            sql.Append("JOIN traces t ON t.problem_id = p.id\n");
        }

        // A problem marked as a benchmark's copy (datafactory decontaminate) is never exported.
        sql.Append("WHERE p.set_id = @set_id AND p.contamination_benchmark IS NULL");
        if (byRun && options.MaxPerProblem is null)
        {
            sql.Append(" AND t.run_id = @run_id");
        }

        if (options.MaxPerProblem is not null)
        {
            sql.Append(" AND t.rank <= @max_per_problem");
        }
        else
        {
            if (!options.IncludeFlawed)
            {
                sql.Append(" AND NOT t.flawed");
            }

            if (!options.IncludeConsensus)
            {
                sql.Append(" AND NOT t.consensus");
            }
        }

        if (options.MinPassRate is not null)
        {
            sql.Append(" AND CAST(s.correct AS DOUBLE PRECISION) >= @min_pass_rate * s.candidates");
        }

        if (options.MaxPassRate is not null)
        {
            sql.Append(" AND CAST(s.correct AS DOUBLE PRECISION) <= @max_pass_rate * s.candidates");
        }

        sql.Append("\nORDER BY p.id, t.run_id, t.id");
        return sql.ToString();
    }
}
