using System.Text;

namespace DataFactory.Inference.Tests.Tokenization;

/// <summary>Decoding an encoding gives the text back, for byte-level and byte-fallback vocabularies.</summary>
public sealed class RoundTripTests
{
    // Ranges without combining marks, so the Qwen2-style NFC normalizer leaves the text as it is.
    private static readonly (int First, int Last)[] Ranges =
    [
        (0x20, 0x7E), (0x20, 0x7E), (0x20, 0x7E), (0x09, 0x0A), (0xC0, 0xFF), (0x400, 0x44F), (0x3B1, 0x3C9),
        (0x4E00, 0x4FFF), (0x3041, 0x3096), (0xAC00, 0xAD00), (0x1F600, 0x1F64F), (0x1F300, 0x1F3FF), (0x2200, 0x22FF),
    ];

    public static TheoryData<string, string> Texts()
    {
        var data = new TheoryData<string, string>();
        string[] fixed_ =
        [
            "Hello world", "  two leading, two trailing  ", "\t\ttabs\tand\nnewlines\n\n\n", "x = [i**2 for i in range(10)]  # squares",
            "0123456789 00 000 1e-9 3.14159265358979", "😀👍🏽👨‍👩‍👧‍👦🇫🇷", "Ünïcödé ñ ß ø å Ω ж 中文 日本語 한국어", "\\frac{a}{b} \\boxed{42}",
            "                                        forty spaces before", "\u00a0non-breaking\u2003em space\u3000ideographic",
        ];
        foreach (var fixture in new[] { "llama", "gpt2", "qwen2-style" })
        {
            foreach (var text in fixed_)
            {
                data.Add(fixture, text);
            }

            var random = new Random(fixture.Length);
            for (var n = 0; n < 20; n++)
            {
                data.Add(fixture, RandomText(random));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Decoding_the_encoding_gives_the_text_back(string fixture, string text)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);

        var ids = tokenizer.Encode(text);

        Assert.Equal(text, tokenizer.Decode([.. ids]));
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(1, 40);
        for (var i = 0; i < length; i++)
        {
            var (first, last) = Ranges[random.Next(Ranges.Length)];
            builder.Append(char.ConvertFromUtf32(random.Next(first, last + 1)));
        }

        return builder.ToString();
    }
}
