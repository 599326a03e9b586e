using System.Text;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Inference.Generation;

/// <summary>Decodes a candidate's tokens as they arrive and reports when the text contains a stop string.</summary>
internal sealed class StopStringDetector(IncrementalDecoder decoder, IReadOnlyList<string> stops) : IStopDetector
{
    private readonly StringBuilder _text = new();
    private readonly int _longest = stops.Max(stop => stop.Length);

    public bool Accept(int token)
    {
        var delta = decoder.Append(token);
        if (delta.Length == 0)
        {
            return false;
        }

        // Only the new text and the few characters before it can complete a stop string.
        var from = Math.Max(0, _text.Length - _longest + 1);
        _text.Append(delta);
        var tail = _text.ToString(from, _text.Length - from);
        foreach (var stop in stops)
        {
            if (tail.Contains(stop, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text before the earliest stop string, or the whole text when none occurs.</summary>
    public static string CutAtStop(string text, IReadOnlyList<string> stops)
    {
        var cut = text.Length;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < cut)
            {
                cut = at;
            }
        }

        return text[..cut];
    }
}
