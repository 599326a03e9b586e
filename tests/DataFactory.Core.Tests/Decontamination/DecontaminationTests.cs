using System.Text.RegularExpressions;
using DataFactory.Core.Decontamination;
using DataFactory.Core.Tests.Formats;

namespace DataFactory.Core.Tests.Decontamination;

/// <summary>Exact copies, copies with one word changed and embedded copies of MATH-500 and GSM8K test problems.</summary>
public sealed partial class DecontaminationTests
{
    private static readonly ContaminationIndex Both = Benchmarks.Index();

    public static TheoryData<string> Sets => ["math500", "gsm8k-test"];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Finds_every_planted_copy_with_case_spacing_and_punctuation_changed(string set)
    {
        var checker = new ContaminationChecker(Both);
        foreach (var item in Items(set))
        {
            var copy = "  " + item.Text.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal).Replace(",", " ,", StringComparison.Ordinal) + "\n";

            var match = checker.Check(copy);

            Assert.True(match is not null, $"{item.Id} not found");
            Assert.Equal(ContaminationKind.Exact, match.Kind);
            Assert.Equal(1.0, match.Overlap);
            AssertSameText(item, match.Item);
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Finds_every_copy_with_one_word_changed(string set)
    {
        var checker = new ContaminationChecker(Both);
        foreach (var item in Items(set))
        {
            foreach (var position in (ReadOnlySpan<double>)[0, 0.5, 1])
            {
                var copy = ChangeOneWord(item.Text, position);

                var match = checker.Check(copy);

                Assert.True(match is not null, $"{item.Id} with one word changed at {position} not found: {copy}");
                AssertSameText(item, match.Item);
                Assert.NotEqual(ContaminationKind.Exact, match.Kind);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Finds_every_copy_of_13_words_or_more_inside_a_longer_prompt(string set)
    {
        var checker = new ContaminationChecker(Both);
        foreach (var item in Items(set).Where(i => Words(i.Text) >= DecontaminationOptions.DefaultNgramSize))
        {
            var match = checker.Check($"Solve the following problem carefully and show each step.\n\n{item.Text}\n\nPut the final answer in a box.");

            Assert.True(match is not null, $"{item.Id} not found");
            Assert.Equal(ContaminationKind.NgramOverlap, match.Kind);
            Assert.Equal(1.0, match.Overlap);
            AssertSameText(item, match.Item);
        }
    }

    [Fact]
    public void Flags_the_one_gsm8k_training_problem_among_the_first_500_that_retells_a_test_problem()
    {
        // Checked by hand (tests/DataFactory.Core.Tests/Decontamination/README.md): training problem 21
        // (Bella's stamps) is test problem 633 (Max's stamps) with other names and numbers, 13 of its
        // 44 13-grams shared. The next closest, training problem 407, shares one sentence (3 of 29)
        // with test problem 582 about two movies, and is another problem.
        var checker = new ContaminationChecker(Benchmarks.Index(null, Benchmarks.Gsm8kTest));
        var flags = Import.Fixture("gsm8k_train_500.jsonl").Problems
            .Select(p => (p.Id, Match: checker.Check(p.Prompt)))
            .Where(f => f.Match is not null)
            .ToList();

        var (id, match) = Assert.Single(flags);
        Assert.Equal("gsm8k-00021", id);
        Assert.Equal("gsm8k-test", match!.Item.Benchmark);
        Assert.Equal("gsm8k-00633", match.Item.Id);
        Assert.Equal(ContaminationKind.NgramOverlap, match.Kind);
        Assert.Equal(13.0 / 44, match.Overlap, 6);
    }

    [Fact]
    public void A_shared_sentence_is_flagged_only_below_the_default_minimum_overlap()
    {
        var movies = Import.Fixture("gsm8k_train_500.jsonl").Problems.Single(p => p.Id == "gsm8k-00407").Prompt;

        Assert.Null(new ContaminationChecker(Benchmarks.Index(null, Benchmarks.Gsm8kTest)).Check(movies));
        var loose = new ContaminationChecker(Benchmarks.Index(new DecontaminationOptions { MinOverlap = 0.05 }, Benchmarks.Gsm8kTest)).Check(movies);
        Assert.Equal("gsm8k-00582", loose?.Item.Id);
        Assert.Equal(3.0 / 29, loose!.Overlap, 6);
    }

    [Fact]
    public void No_gsm8k_training_problem_overlaps_math500()
    {
        var checker = new ContaminationChecker(Benchmarks.Index(null, Benchmarks.Math500));

        Assert.All(Import.Fixture("gsm8k_train_500.jsonl").Problems, p => Assert.Null(checker.Check(p.Prompt)));
    }

    [Fact]
    public void The_ngram_length_is_configurable()
    {
        var item = new BenchmarkItem("b", "1", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen");
        var text = "zero one two three four five six seven eight x y z";
        var index = (int n) => new ContaminationChecker(Index(new DecontaminationOptions { NgramSize = n, MinOverlap = 0.01 }, item));

        Assert.Null(index(13).Check(text));
        var match = index(8).Check(text);
        Assert.Equal(ContaminationKind.NgramOverlap, match?.Kind);
        Assert.Equal(1.0 / 7, match!.Overlap, 6);
    }

    [Fact]
    public void A_different_short_problem_is_not_flagged()
    {
        var checker = new ContaminationChecker(Both);

        Assert.Null(checker.Check("What is 2 + 3?"));
        Assert.Null(checker.Check(""));
        Assert.Null(checker.Check("$$ \\{ \\} $$"));
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContaminationIndex(new DecontaminationOptions { NgramSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContaminationIndex(new DecontaminationOptions { MinOverlap = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContaminationIndex(new DecontaminationOptions { MinOverlap = 1.5 }));
    }

    private static ContaminationIndex Index(DecontaminationOptions options, params BenchmarkItem[] items)
    {
        var index = new ContaminationIndex(options);
        foreach (var item in items)
        {
            index.Add(item);
        }

        return index;
    }

    private static IReadOnlyList<BenchmarkItem> Items(string set) => set == "math500" ? Benchmarks.Math500 : Benchmarks.Gsm8kTest;

    /// <summary>Replaces the word at the relative position (0 first, 1 last) by one no item holds.</summary>
    private static string ChangeOneWord(string text, double position)
    {
        var words = Word().Matches(text);
        var word = words[(int)Math.Round(position * (words.Count - 1))];
        return string.Concat(text.AsSpan(0, word.Index), "zqxjv", text.AsSpan(word.Index + word.Length));
    }

    private static int Words(string text) => Word().Count(text);

    /// <summary>Two benchmark items may be the same text under two ids; either is the right answer.</summary>
    private static void AssertSameText(BenchmarkItem expected, BenchmarkItem actual)
    {
        if (actual.Id != expected.Id)
        {
            Assert.Equal(Normal(expected.Text), Normal(actual.Text));
        }
    }

    private static string Normal(string text) => string.Join(' ', Word().Matches(text.ToLowerInvariant()).Select(m => m.Value));

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex Word();
}
