using DataFactory.Core.Curation;

namespace DataFactory.Core.Tests.Curation;

public sealed class TraceCuratorTests
{
    private static CandidateForCuration Candidate(int index, string text) => new(index, text, "24", 10);

    [Fact]
    public void Drops_exact_duplicates_including_whitespace_variants()
    {
        var curator = new TraceCurator(new CurationOptions());
        var result = curator.Curate([
            Candidate(0, "4*6=24\nFinal answer: 4*6"),
            Candidate(1, "4*6=24\r\nFinal answer:  4*6 "),
            Candidate(2, "6*4=24\nFinal answer: 6*4"),
        ]);

        Assert.Equal([0, 2], result.Kept.Select(t => t.CandidateIndex));
        Assert.Equal(1, result.Duplicates);
        Assert.Equal(0, result.Filtered);
    }

    [Fact]
    public void Filters_degenerate_repetition_and_length()
    {
        var curator = new TraceCurator(new CurationOptions { MaxRepeatedLine = 2, MaxCharacters = 100 });
        var loop = string.Join('\n', Enumerable.Repeat("try 4*6", 3)) + "\nFinal answer: 4*6";
        var result = curator.Curate([Candidate(0, loop), Candidate(1, new string('x', 101)), Candidate(2, "ok\nFinal answer: 4*6")]);

        Assert.Equal([2], result.Kept.Select(t => t.CandidateIndex));
        Assert.Equal(2, result.Filtered);
    }

    [Fact]
    public void Caps_traces_per_problem_in_candidate_order()
    {
        var curator = new TraceCurator(new CurationOptions { MaxTracesPerProblem = 1 });
        var result = curator.Curate([Candidate(3, "b"), Candidate(1, "a")]);

        Assert.Equal([1], result.Kept.Select(t => t.CandidateIndex));
    }

    [Fact]
    public void Hash_ignores_whitespace_runs_but_not_content()
    {
        Assert.Equal(TraceHash.Compute("a  b\n"), TraceHash.Compute(" a b"));
        Assert.NotEqual(TraceHash.Compute("a b"), TraceHash.Compute("a c"));
        Assert.Equal(32, TraceHash.Compute("x").Length);
    }
}
