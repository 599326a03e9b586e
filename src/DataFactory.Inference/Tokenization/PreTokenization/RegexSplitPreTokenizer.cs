using System.Text.RegularExpressions;

namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>
/// tokenizer.json pre-tokenizer <c>Split</c> (and the regex-shaped ones: Digits, Whitespace,
/// WhitespaceSplit, Punctuation): regex matches are the delimiters, kept or dropped per behaviour.
/// </summary>
internal sealed class RegexSplitPreTokenizer(Regex regex, SplitBehavior behavior, bool invert) : PreTokenizerStep
{
    protected override void Split(PreTokenizedPiece piece, List<PreTokenizedPiece> output, PreTokenizeContext context)
    {
        if (!context.Split)
        {
            output.Add(piece);
            return;
        }

        var parts = new List<(int Start, int End, bool IsMatch)>();
        var text = piece.Text;
        var position = 0;
        foreach (var match in regex.EnumerateMatches(text))
        {
            if (match.Length == 0)
            {
                continue;
            }

            if (match.Index > position)
            {
                parts.Add((position, match.Index, invert));
            }

            parts.Add((match.Index, match.Index + match.Length, !invert));
            position = match.Index + match.Length;
        }

        if (position < text.Length)
        {
            parts.Add((position, text.Length, invert));
        }

        Emit(piece, Arrange(parts, behavior), output);
    }

    /// <summary>Applies a split behaviour to a covering list of delimiter and non-delimiter ranges.</summary>
    public static List<(int Start, int End)> Arrange(List<(int Start, int End, bool IsMatch)> parts, SplitBehavior behavior)
    {
        var result = new List<(int Start, int End)>(parts.Count);
        switch (behavior)
        {
            case SplitBehavior.Removed:
                foreach (var part in parts)
                {
                    if (!part.IsMatch)
                    {
                        result.Add((part.Start, part.End));
                    }
                }

                break;
            case SplitBehavior.Isolated:
                foreach (var part in parts)
                {
                    result.Add((part.Start, part.End));
                }

                break;
            case SplitBehavior.MergedWithPrevious:
            {
                var previousMatch = false;
                foreach (var part in parts)
                {
                    if (part.IsMatch && !previousMatch && result.Count > 0)
                    {
                        result[^1] = (result[^1].Start, part.End);
                    }
                    else
                    {
                        result.Add((part.Start, part.End));
                    }

                    previousMatch = part.IsMatch;
                }

                break;
            }

            case SplitBehavior.MergedWithNext:
            {
                var previousMatch = false;
                for (var i = parts.Count - 1; i >= 0; i--)
                {
                    var part = parts[i];
                    if (part.IsMatch && !previousMatch && result.Count > 0)
                    {
                        result[^1] = (part.Start, result[^1].End);
                    }
                    else
                    {
                        result.Add((part.Start, part.End));
                    }

                    previousMatch = part.IsMatch;
                }

                result.Reverse();
                break;
            }

            case SplitBehavior.Contiguous:
            {
                var previousMatch = false;
                foreach (var part in parts)
                {
                    if (part.IsMatch && previousMatch && result.Count > 0)
                    {
                        result[^1] = (result[^1].Start, part.End);
                    }
                    else
                    {
                        result.Add((part.Start, part.End));
                    }

                    previousMatch = part.IsMatch;
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "Unknown split behaviour.");
        }

        return result;
    }

    /// <summary>Adds the non-empty ranges of a piece as pieces, mapping offsets back when the text is untransformed.</summary>
    public static void Emit(PreTokenizedPiece piece, List<(int Start, int End)> ranges, List<PreTokenizedPiece> output)
    {
        var span = piece.End - piece.Start;
        foreach (var (start, end) in ranges)
        {
            if (end <= start)
            {
                continue;
            }

            var text = start == 0 && end == piece.Text.Length ? piece.Text : piece.Text[start..end];
            output.Add(new PreTokenizedPiece(text, piece.Start + Math.Min(start, span), piece.Start + Math.Min(end, span)));
        }
    }
}
