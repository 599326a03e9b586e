using System.Text;
using System.Text.Json;

namespace DataFactory.Benchmarks;

/// <summary>
/// The checks the verify benchmark runs. The realistic mix: every conformance equivalence pair, every
/// extraction case, the 500 MATH-500 reference solutions against their answers and the 5276 GSM8K
/// example model solutions against theirs. The hostile set: inputs built to be slow or deep.
/// </summary>
internal static class VerifyCases
{
    public static List<VerifyCase> Realistic()
    {
        var cases = new List<VerifyCase>();
        foreach (var row in Read("answer_equivalence.jsonl"))
        {
            cases.Add(new(Text(row, "id"), Text(row, "gold"), Text(row, "prediction")));
        }

        foreach (var row in Read("answer_extraction.jsonl"))
        {
            cases.Add(new(Text(row, "id"), Text(row, "expected"), Text(row, "text")));
        }

        foreach (var row in Read("answer_extraction_from_datasets.jsonl"))
        {
            if (Text(row, "extractor") == "last_boxed")
            {
                cases.Add(new(Text(row, "id"), Text(row, "expected"), Text(row, "text")));
            }
        }

        var index = 0;
        foreach (var row in Read("gsm8k_example_model_solutions.jsonl"))
        {
            var truth = Text(row, "ground_truth");
            var gold = truth[(truth.LastIndexOf("A:", StringComparison.Ordinal) + 2)..].Trim();
            foreach (var model in new[] { "6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification" })
            {
                cases.Add(new($"gsm8k-{index}-{model}", gold, row.GetProperty(model).GetProperty("solution").GetString()!));
            }

            index++;
        }

        return cases;
    }

    public static List<VerifyCase> Hostile()
    {
        static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
        return
        [
            new("1 MB of digits", "5", new string('9', 1_000_000)),
            new("1 MB of prose", "5", Repeat("the answer is not known yet ", 36_000)),
            new("10,000-deep braces", "5", @"\boxed{" + new string('{', 10_000) + "5" + new string('}', 10_000) + "}"),
            new("100,000 open boxes", "5", Repeat(@"\boxed{", 100_000)),
            new("10,000-deep parentheses", "5", @"\boxed{" + new string('(', 10_000) + "5" + new string(')', 10_000) + "}"),
            new("long sum", "5000", @"\boxed{" + Repeat("1+", 4_999) + "1}"),
            new("power tower", "2", @"\boxed{" + Repeat("2^{", 500) + "2" + new string('}', 500) + "}"),
            new("huge power", @"2^{60000}", @"\boxed{2^{59999}\cdot 2}"),
            new("factorials", "1", @"\boxed{" + Repeat("2000!/", 200) + "1}"),
            new("64-element sets with variables", Set(64, reverse: false), @"\boxed{" + Set(64, reverse: true) + "}"),
            new("matrix product", Matrix(10), @"\boxed{" + Matrix(10) + " " + Matrix(10) + "}"),
            new("unbalanced delimiters", "5", Repeat(@"\left( [ \{ $ \frac{", 2_000)),
        ];
    }

    private static string Set(int count, bool reverse)
    {
        var items = Enumerable.Range(1, count).Select(i => $"x^{{{i}}}+{i}y");
        return @"\{" + string.Join(", ", reverse ? items.Reverse() : items) + @"\}";
    }

    private static string Matrix(int size)
    {
        var rows = Enumerable.Range(0, size).Select(r => string.Join(" & ", Enumerable.Range(0, size).Select(c => $"x_{{{r}{c}}}")));
        return @"\begin{pmatrix}" + string.Join(@" \\ ", rows) + @"\end{pmatrix}";
    }

    private static IEnumerable<JsonElement> Read(string name) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "conformance", name))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone());

    private static string Text(JsonElement row, string name) => row.GetProperty(name).GetString()!;
}
