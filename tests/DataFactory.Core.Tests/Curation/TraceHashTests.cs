using DataFactory.Core.Curation;

namespace DataFactory.Core.Tests.Curation;

public sealed class TraceHashTests
{
    [Fact]
    public void Texts_differing_only_in_white_space_hash_alike() =>
        Assert.Equal(TraceHash.Compute("a  b\r\nc"), TraceHash.Compute(" a b\nc \t"));

    [Fact]
    public void Different_texts_hash_differently() =>
        Assert.NotEqual(TraceHash.Compute("x = 1"), TraceHash.Compute("x = 2"));

    [Fact]
    public void Code_keeps_its_indentation_in_the_hash()
    {
        const string nested = "def f(x):\n    if x:\n        return 1\n    return 2";
        const string flat = "def f(x):\n    if x:\n        return 1\n        return 2";
        // Two different programs: the prose hash, which collapses white space, cannot tell them apart.
        Assert.Equal(TraceHash.Compute(nested), TraceHash.Compute(flat));
        Assert.NotEqual(TraceHash.ForKind(nested, "code"), TraceHash.ForKind(flat, "code"));
        Assert.Equal(TraceHash.Compute(nested), TraceHash.ForKind(nested, "math"));
    }

    [Fact]
    public void Code_hashes_ignore_line_endings_and_the_ends_of_the_text() =>
        Assert.Equal(TraceHash.ForKind("x = 1\r\nprint(x)\n", "code"), TraceHash.ForKind("\nx = 1\nprint(x)", "code"));

    [Fact]
    public void Normalising_collapses_runs_and_trims() =>
        Assert.Equal("a b c", TraceHash.Normalise("\n a \t\tb\r\n\r\nc  "));

    [Theory]
    [InlineData("plain")]
    [InlineData("  lead and trail  ")]
    [InlineData("tabs\tand\u00a0non-breaking\u2003spaces")]
    [InlineData("ünïcödé ∑ 数学 \r\n\r\n next")]
    public void The_hash_is_the_sha256_of_the_normalised_utf8(string text) =>
        AssertHashesAsItsNormalisedUtf8(text);

    [Fact]
    public void Long_texts_hash_like_short_ones() =>
        AssertHashesAsItsNormalisedUtf8(new string('x', 5000) + " \n y");

    [Fact]
    public void Random_texts_of_mixed_white_space_hash_as_their_normalised_utf8()
    {
        // ASCII white space in runs of every kind, control characters that are not white space
        // (U+001C..U+001F), non-ASCII letters, and now and then non-ASCII white space (the other path).
        const string alphabet = "ab7=+.× 数\t\n\r\v\f \u001c\u001f";
        var random = new Random(20261123);
        for (var i = 0; i < 2_000; i++)
        {
            var chars = new char[random.Next(0, 1_500)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            if (i % 10 == 0 && chars.Length > 2)
            {
                chars[random.Next(chars.Length)] = '\u2003';
            }

            var text = new string(chars);
            AssertHashesAsItsNormalisedUtf8(text);
        }
    }

    [Fact]
    public void Chain_of_thought_shaped_texts_hash_as_their_normalised_utf8()
    {
        // Words with single spaces and line breaks (the blocks copied a vector at a time) and now and
        // then a run (a block that goes byte by byte), at every offset against the vector width.
        const string separators = "        \n\n\t\r";
        var words = new[] { "Step", "12:", "347", "+", "58", "=", "405,", "and", "×", "数学", "\\boxed{42}" };
        var random = new Random(20261203);
        for (var i = 0; i < 3_000; i++)
        {
            var text = new System.Text.StringBuilder();
            var target = random.Next(0, 2_500);
            while (text.Length < target)
            {
                text.Append(words[random.Next(words.Length)]);
                text.Append(separators[random.Next(separators.Length)]);
                if (random.Next(40) == 0)
                {
                    text.Append(separators[random.Next(separators.Length)]);
                }
            }

            var value = text.ToString();
            AssertHashesAsItsNormalisedUtf8(value);
        }
    }

    [Theory]
    [InlineData("ellipsis\u2026 and minus \u2212 are not white space")]
    [InlineData("a\u205fb\u3000c\u1680d\u0085e\u00a0f")]
    public void Non_ascii_characters_near_the_white_space_ranges_hash_as_their_normalised_utf8(string text) =>
        AssertHashesAsItsNormalisedUtf8(text);

    /// <summary>The reference: SHA-256 of the UTF-8 of the text normalised by splitting and joining.</summary>
    private static void AssertHashesAsItsNormalisedUtf8(string text) =>
        Assert.Equal(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TraceHash.Normalise(text))),
            TraceHash.Compute(text));
}
