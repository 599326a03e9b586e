namespace DataFactory.Inference.Tokenization.AddedTokens;

/// <summary>
/// Splits text around added tokens, leftmost-longest, with the single_word, lstrip and rstrip
/// options of Hugging Face tokenizers. A trie keeps it linear in the text for short tokens.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Node _root = new();
    private readonly bool _empty;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        var any = false;
        foreach (var token in tokens)
        {
            if (token.Content.Length == 0)
            {
                continue;
            }

            var node = _root;
            foreach (var c in token.Content)
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(c, out var child))
                {
                    child = new Node();
                    node.Children[c] = child;
                }

                node = child;
            }

            node.Token = token;
            any = true;
        }

        _empty = !any;
    }

    /// <summary>Splits <paramref name="text"/> into added tokens and the text between them, in order.</summary>
    public void Split(ReadOnlySpan<char> text, List<TextSegment> segments)
    {
        segments.Clear();
        if (_empty)
        {
            if (text.Length > 0)
            {
                segments.Add(new TextSegment(0, text.Length, -1));
            }

            return;
        }

        var plainStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var (token, end) = LongestAt(text, i);
            if (token is null || (token.SingleWord && !IsWholeWord(text, i, end)))
            {
                i++;
                continue;
            }

            var start = i;
            if (token.LeftStrip)
            {
                while (start > plainStart && char.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (token.RightStrip)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }
            }

            if (start > plainStart)
            {
                segments.Add(new TextSegment(plainStart, start - plainStart, -1));
            }

            segments.Add(new TextSegment(start, end - start, token.Id));
            plainStart = end;
            i = end;
        }

        if (plainStart < text.Length)
        {
            segments.Add(new TextSegment(plainStart, text.Length - plainStart, -1));
        }
    }

    private (AddedToken? Token, int End) LongestAt(ReadOnlySpan<char> text, int start)
    {
        AddedToken? best = null;
        var bestEnd = start;
        var node = _root;
        for (var j = start; j < text.Length; j++)
        {
            if (node.Children is null || !node.Children.TryGetValue(text[j], out var child))
            {
                break;
            }

            node = child;
            if (node.Token is not null)
            {
                best = node.Token;
                bestEnd = j + 1;
            }
        }

        return (best, bestEnd);
    }

    private static bool IsWholeWord(ReadOnlySpan<char> text, int start, int end)
    {
        var leftOk = start == 0 || !IsWordChar(text[start - 1]);
        var rightOk = end == text.Length || !IsWordChar(text[end]);
        return leftOk && rightOk;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private sealed class Node
    {
        public Dictionary<char, Node>? Children { get; set; }

        public AddedToken? Token { get; set; }
    }
}
