namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// The sentences of one line that say their numbers are approximate or not ordinary decimal
/// arithmetic (≈, ~, "about", "rounded", "mod", "base"). A sentence ends at '.', '!', '?' or ';'
/// before white space, or at a LaTeX line break.
/// </summary>
internal sealed class SentenceMarkers
{
    private readonly int[] _sentenceOf;
    private readonly bool[] _marked;

    private SentenceMarkers(int[] sentenceOf, bool[] marked)
    {
        _sentenceOf = sentenceOf;
        _marked = marked;
    }

    /// <summary>The marked sentences, or null when the line has no marker (the common case).</summary>
    public static SentenceMarkers? Find(string text, ReadOnlySpan<ClaimToken> tokens)
    {
        var any = false;
        foreach (var token in tokens)
        {
            if (IsMarker(text, token))
            {
                any = true;
                break;
            }
        }

        if (!any)
        {
            return null;
        }

        var sentenceOf = new int[tokens.Length];
        var sentence = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            sentenceOf[i] = sentence;
            var token = tokens[i];
            if (token.Kind == ClaimTokenKind.Other && (token.Symbol == '\\'
                || (token.Symbol is '.' or '!' or '?' or ';' && (token.End >= text.Length || char.IsWhiteSpace(text[token.End])))))
            {
                sentence++;
            }
        }

        var marked = new bool[sentence + 1];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (IsMarker(text, tokens[i]))
            {
                marked[sentenceOf[i]] = true;
            }
        }

        return new SentenceMarkers(sentenceOf, marked);
    }

    /// <summary>True when a sentence touched by tokens [first, last] is marked.</summary>
    public bool Covers(int first, int last)
    {
        for (var s = _sentenceOf[first]; s <= _sentenceOf[last]; s++)
        {
            if (_marked[s])
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMarker(string text, ClaimToken token) => token.Kind switch
    {
        ClaimTokenKind.Other => ClaimWords.IsMarkerSymbol(token.Symbol),
        ClaimTokenKind.Word => ClaimWords.InSentence.Contains(text.AsSpan(token.Start, token.End - token.Start)),
        _ => false,
    };
}
