namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>
/// tokenizer.json pre-tokenizer <c>Metaspace</c> (SentencePiece style): spaces become the
/// replacement character (▁), which is prepended per scheme and, with split, starts each word.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : PreTokenizerStep
{
    protected override void Split(PreTokenizedPiece piece, List<PreTokenizedPiece> output, PreTokenizeContext context)
    {
        var text = piece.Text.Replace(' ', replacement);
        var prepend = scheme switch
        {
            PrependScheme.Always => true,
            PrependScheme.First => context.SegmentStartsText && piece.Start == 0,
            _ => false,
        };
        if (prepend && !text.StartsWith(replacement))
        {
            text = replacement + text;
        }

        var transformed = piece with { Text = text };
        if (!split || !context.Split)
        {
            output.Add(transformed);
            return;
        }

        var parts = new List<(int Start, int End, bool IsMatch)>();
        var position = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != replacement)
            {
                continue;
            }

            if (i > position)
            {
                parts.Add((position, i, false));
            }

            parts.Add((i, i + 1, true));
            position = i + 1;
        }

        if (position < text.Length)
        {
            parts.Add((position, text.Length, false));
        }

        RegexSplitPreTokenizer.Emit(transformed, RegexSplitPreTokenizer.Arrange(parts, SplitBehavior.MergedWithNext), output);
    }
}
