using DataFactory.Inference.Tokenization.Normalization;

namespace DataFactory.Inference.Tests.Tokenization;

/// <summary>Expected values from Python's unicodedata.normalize('NFC', ...).</summary>
public sealed class NfcNormalizerTests
{
    [Theory]
    [InlineData("e\u0301", "\u00e9")]
    [InlineData("A\u030a", "\u00c5")]
    [InlineData("\u212b", "\u00c5")]
    [InlineData("a\u0302\u0323", "\u1ead")]
    [InlineData("a\u0323\u0302", "\u1ead")]
    [InlineData("\u1100\u1161\u11a8", "\uac01")]
    [InlineData("\uac00\u11a8", "\uac01")]
    [InlineData("\u0958", "\u0915\u093c")]
    [InlineData("\u0301e", "\u0301e")]
    [InlineData("e\u0301\u0301", "\u00e9\u0301")]
    [InlineData("\U0001d400 plain ascii", "\U0001d400 plain ascii")]
    [InlineData("\u03d3", "\u03d3")]
    [InlineData("\u0044\u0307\u0323", "\u1e0c\u0307")]
    public void Composes_like_python_unicodedata(string input, string expected)
    {
        Assert.Equal(expected, new NfcNormalizer().Normalize(input));
    }

    [Fact]
    public void Leaves_already_normalized_text_as_the_same_instance()
    {
        const string text = "The answer is 42. 日本語 Привет é";

        Assert.Same(text, new NfcNormalizer().Normalize(text));
    }
}
