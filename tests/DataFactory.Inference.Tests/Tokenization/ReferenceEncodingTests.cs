using DataFactory.Inference.Tokenization;

namespace DataFactory.Inference.Tests.Tokenization;

/// <summary>Encodings and decodings equal those of transformers.js on the same tokenizer.json.</summary>
public sealed class ReferenceEncodingTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "llama", "gpt2", "qwen2-style" })
        {
            for (var i = 0; i < TokenizerFixtures.Cases(name).Count; i++)
            {
                data.Add(name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encodes_like_transformers_js(string fixture, int index)
    {
        var expected = TokenizerFixtures.Cases(fixture)[index];

        var ids = Tokenizer(fixture).Encode(expected.Text);

        Assert.Equal(expected.Ids, ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Adds_post_processor_tokens_like_transformers_js(string fixture, int index)
    {
        var expected = TokenizerFixtures.Cases(fixture)[index];

        var ids = Tokenizer(fixture).Encode(expected.Text, addSpecialTokens: true);

        Assert.Equal(expected.IdsWithSpecialTokens, ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_like_transformers_js(string fixture, int index)
    {
        var expected = TokenizerFixtures.Cases(fixture)[index];
        var tokenizer = Tokenizer(fixture);

        Assert.Equal(expected.Decoded, tokenizer.Decode(expected.Ids, skipSpecialTokens: false));
        Assert.Equal(expected.DecodedSkippingSpecial, tokenizer.Decode(expected.Ids, skipSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Library_api_gives_the_same_ids(string fixture, int index)
    {
        var expected = TokenizerFixtures.Cases(fixture)[index];

        var ids = Tokenizer(fixture).Inner.EncodeToIds(expected.Text);

        Assert.Equal(expected.Ids, ids);
    }

    private static ModelTokenizer Tokenizer(string fixture) => TokenizerFixtures.Load(fixture);
}
