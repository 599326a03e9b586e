using System.Text;

namespace DataFactory.Inference.Tests.Tokenization;

public sealed class IncrementalDecoderTests
{
    public static TheoryData<string, int> Cases() => ReferenceEncodingTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Deltas_add_up_to_the_full_decoding(string fixture, int index)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);
        var ids = TokenizerFixtures.Cases(fixture)[index].Ids;
        foreach (var skip in new[] { true, false })
        {
            var decoder = tokenizer.CreateIncrementalDecoder(skip);
            var streamed = new StringBuilder();
            foreach (var id in ids)
            {
                var delta = decoder.Append(id);
                Assert.DoesNotContain('\uFFFD', delta);
                streamed.Append(delta);
            }

            streamed.Append(decoder.Flush());
            Assert.Equal(tokenizer.Decode(ids, skip), streamed.ToString());
        }
    }

    [Fact]
    public void Emoji_split_over_byte_tokens_appears_once_complete()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        var ids = tokenizer.Encode("a😀");
        var decoder = tokenizer.CreateIncrementalDecoder();

        var deltas = ids.Select(decoder.Append).ToList();

        Assert.True(ids.Count > 2, "the emoji should take several byte-level tokens");
        Assert.Equal("a", deltas[0]);
        Assert.All(deltas.Skip(1).SkipLast(1), delta => Assert.Equal(string.Empty, delta));
        Assert.Equal("😀", deltas[^1]);
    }

    [Fact]
    public void Invalid_bytes_are_released_after_a_bounded_wait()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        Assert.True(tokenizer.TryGetTokenId("\u00e2", out var leadByte)); // 0xE2 alone starts a 3-byte character
        var decoder = tokenizer.CreateIncrementalDecoder();

        var text = string.Concat(Enumerable.Range(0, 40).Select(_ => decoder.Append(leadByte))) + decoder.Flush();

        Assert.Equal(tokenizer.Decode(Enumerable.Repeat(leadByte, 40).ToArray()), text);
        Assert.Equal(40, text.Count(c => c == '\uFFFD'));
    }
}
