using System.Globalization;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Storage.Regrade;

/// <summary>
/// The regrade's reads, portable SQL for PostgreSQL and SQLite. Which rows are due is written into the
/// SQL as literals: task kind names and revision numbers from the registry, never text from the user.
/// </summary>
internal static class RegradeQuery
{
    // Consensus-labelled traces were verified against a run's pseudo-label, which the store keeps with the run's
    // attempt, not the problem: the regrade, which verifies against the problem's gold answer, leaves them alone.

    /// <summary>
    /// The rows an older revision of their problem's verifier judged (with <paramref name="all"/>: also
    /// those the current one did); never a row of a newer revision than this build knows.
    /// </summary>
    public static string Due(VerifierRegistry verifiers, bool all)
    {
        var comparison = all ? "<=" : "<";
        var kinds = verifiers.Kinds
            .OrderBy(k => k)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"(p.kind = '{k.ToName()}' AND x.verifier_version {comparison} {verifiers.VersionOf(k)})"));
        return $"({string.Join(" OR ", kinds)})";
    }

    public static string Count(string due, bool byRun) => $"""
        SELECT
            (SELECT COUNT(*) FROM traces x JOIN problems p ON p.id = x.problem_id
             WHERE p.set_id = @set_id{RunFilter(byRun)} AND {due} AND NOT x.consensus)
          + (SELECT COUNT(*) FROM candidates_rejected x JOIN problems p ON p.id = x.problem_id
             WHERE p.set_id = @set_id{RunFilter(byRun)} AND {due})
        """;

    public static string Traces(string due, bool byRun) => $"""
        SELECT x.id, x.problem_id, x.run_id, x.text, x.final_answer, x.reason, x.verdict, x.token_count, x.verifier_version, x.trace_hash, x.flawed, x.step_check
        FROM traces x JOIN problems p ON p.id = x.problem_id
        WHERE p.set_id = @set_id AND x.problem_id >= @first AND x.problem_id <= @last{RunFilter(byRun)} AND {due} AND NOT x.consensus
        """;

    public static string Rejected(string due, bool byRun) => $"""
        SELECT x.id, x.problem_id, x.run_id, x.text_compressed, x.final_answer, x.reason, x.verdict, x.token_count, x.verifier_version, x.candidate_hash
        FROM candidates_rejected x JOIN problems p ON p.id = x.problem_id
        WHERE p.set_id = @set_id AND x.problem_id >= @first AND x.problem_id <= @last{RunFilter(byRun)} AND {due}
        """;

    /// <summary>A list of ids for <c>IN (...)</c>: numbers, formatted invariantly.</summary>
    public static string Ids(IEnumerable<long> ids) => string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    private static string RunFilter(bool byRun) => byRun ? " AND x.run_id = @run_id" : "";
}
