using DataFactory.Core.Formats;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Tests.Formats;

public sealed class ConsensusImportTests
{
    private static readonly ImportOptions Consensus = new() { Consensus = true };

    [Fact]
    public void A_problem_without_gold_outside_a_consensus_import_names_file_line_field_and_the_flag()
    {
        var error = Assert.Single(Import.Rejects(
            """
            {"id":"a","kind":"math","prompt":"1+1?","answer":"2"}
            {"id":"b","kind":"math","prompt":"2+2?"}
            """).Errors);

        Assert.Equal("problems.jsonl:2: answer: is required for kind math; a set without gold answers is imported with --consensus (pseudo-labels by majority vote)", error.ToString());
    }

    [Fact]
    public void A_consensus_import_accepts_math_exact_and_multiple_choice_without_gold_beside_problems_with_it()
    {
        var problems = Import.Text(
            """
            {"id":"m","kind":"math","prompt":"1+1?"}
            {"id":"e","kind":"exact","prompt":"Capital of France?"}
            {"id":"c","kind":"multiple-choice","prompt":"Pick","options":["red","blue"]}
            {"id":"g","kind":"math","prompt":"2+2?","answer":"4"}
            """,
            Consensus).Problems;

        Assert.Equal([null, null, null, "4"], problems.Select(p => p.Answer));
        Assert.Equal([TaskKind.Math, TaskKind.Exact, TaskKind.MultipleChoice, TaskKind.Math], problems.Select(p => p.Kind));
    }

    [Fact]
    public void A_consensus_import_still_checks_the_gold_answers_it_is_given_and_still_needs_a_ciphers_plaintext()
    {
        var errors = Import.Rejects(
            """
            {"id":"c","kind":"multiple-choice","prompt":"Pick","answer":"Z","options":["red","blue"]}
            {"id":"x","kind":"cipher","prompt":"Decode xy"}
            """,
            Consensus).Errors;

        Assert.Equal(["answer", "answer"], errors.Select(e => e.Field));
        Assert.Contains("neither an option letter", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("required for kind cipher", errors[1].Message, StringComparison.Ordinal);
    }
}
