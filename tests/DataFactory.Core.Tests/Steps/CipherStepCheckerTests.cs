using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Cipher;

namespace DataFactory.Core.Tests.Steps;

public sealed class CipherStepCheckerTests
{
    private static readonly Problem Cipher = new()
    {
        Id = "c", Prompt = "Decode the letter-pair cipher: nlhvln aahjln", Kind = TaskKind.Cipher, Answer = "mom aim",
    };

    // Real output of the bundled model on cipher-0001.
    private const string Trace = "Each letter is the average of the positions of a pair.\nnl: (14+12)/2 = 13 -> m\nhv: (8+22)/2 = 15 -> o\nln: (12+14)/2 = 13 -> m\nWord: mom\naa: (1+1)/2 = 1 -> a\nhj: (8+10)/2 = 9 -> i\nln: (12+14)/2 = 13 -> m\nWord: aim\nFinal answer: mom aim";

    private static StepCheck Check(string text) => new CipherStepChecker().Check(Cipher, text);

    [Fact]
    public void A_correct_trace_passes_every_claim()
    {
        var check = Check(Trace);

        // Six pairs of four claims, two words, the final answer.
        Assert.Equal(27, check.Checked);
        Assert.False(check.IsFlawed);
    }

    [Fact]
    public void A_word_that_is_not_its_letters_is_false()
    {
        // Real output: the letters say "mom", the word line says "lom", the final answer is right.
        var check = Check(Trace.Replace("Word: mom", "Word: lom", StringComparison.Ordinal));

        Assert.Equal(4, check.FirstFalse!.Index);
        Assert.Equal("the letters decoded are 'mom', not 'lom'", check.FirstFalse.Reason);
    }

    [Theory]
    [InlineData("hv: (8+22)/2 = 15 -> o", "hv: (9+22)/2 = 15 -> o", "'h' is letter 8, not 9")]
    [InlineData("hv: (8+22)/2 = 15 -> o", "hv: (8+22)/2 = 15 -> p", "letter 15 is 'o', not 'p'")]
    [InlineData("hv: (8+22)/2 = 15 -> o", "hx: (8+24)/2 = 16 -> o", "the next pair of the ciphertext is 'hv'")]
    public void Wrong_positions_letters_and_pairs_are_false(string line, string wrong, string reason)
    {
        var check = Check(Trace.Replace(line, wrong, StringComparison.Ordinal));

        Assert.Equal(2, check.FirstFalse!.Index);
        Assert.Equal(reason, check.FirstFalse.Reason);
    }

    [Fact]
    public void A_pair_past_the_end_of_the_ciphertext_is_false()
    {
        var check = Check(Trace.Replace("Final answer: mom aim", "ln: (12+14)/2 = 13 -> m\nFinal answer: mom aim", StringComparison.Ordinal));

        Assert.Equal(9, check.FirstFalse!.Index);
        Assert.Equal("the ciphertext has no more pairs", check.FirstFalse.Reason);
    }

    [Fact]
    public void A_value_that_is_no_letter_position_is_false()
    {
        var check = Check(Trace.Replace("hv: (8+22)/2 = 15 -> o", "hv: (8+22)/2 = 30 -> o", StringComparison.Ordinal));

        Assert.Equal(2, check.FirstFalse!.Index);
        Assert.Equal("30 is not a letter position (1 to 26)", check.FirstFalse.Reason);
    }

    [Theory]
    [InlineData("Decode the letter-pair cipher: nlhvln aahjl")]
    [InlineData("Decode the letter-pair cipher: nlhvln aaHjln")]
    [InlineData("Decode the letter-pair cipher:  ")]
    public void Without_a_readable_ciphertext_the_pairs_are_not_judged(string prompt)
    {
        var problem = new Problem { Id = "c", Prompt = prompt, Kind = TaskKind.Cipher, Answer = "mom aim" };

        var check = new CipherStepChecker().Check(problem, Trace.Replace("hv:", "hx:", StringComparison.Ordinal).Replace("(8+22)", "(8+24)", StringComparison.Ordinal));

        // Three claims per pair (two positions and the letter), two words, the final answer.
        Assert.Equal(21, check.Checked);
        Assert.False(check.IsFlawed);
    }

    [Fact]
    public void Words_of_the_ciphertext_may_be_spread_over_spaces_and_lines()
    {
        var problem = new Problem { Id = "c", Prompt = "Decode the letter-pair cipher:  nlhvln\n aahjln ", Kind = TaskKind.Cipher, Answer = "mom aim" };

        var check = new CipherStepChecker().Check(problem, Trace);

        Assert.Equal(27, check.Checked);
        Assert.False(check.IsFlawed);
    }

    [Fact]
    public void The_average_is_the_arithmetic_checkers_claim()
    {
        var check = StepCheckerRegistry.CreateDefault().Check(Cipher, Trace.Replace("(8+22)/2 = 15", "(8+22)/2 = 14", StringComparison.Ordinal));

        Assert.Equal("(8+22)/2 is 15, not 14", check.FirstFalse!.Reason);
        Assert.Equal("arith-1+cipher-1", check.Version);
    }
}
