using System.Text;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Worker.Serving;

/// <summary>
/// One choice of a stream: decodes its tokens as they come and releases text only when no stop string can still
/// start in it, so the text sent is always a prefix of the candidate's final text (cut before its stop string).
/// </summary>
internal sealed class StreamedChoice(IncrementalDecoder decoder, IReadOnlyList<string> stops)
{
    private readonly StringBuilder _text = new();
    private readonly List<(int Token, float LogProbability)> _unsent = [];

    /// <summary>Characters of text sent so far.</summary>
    public int Sent { get; private set; }

    /// <summary>True once the choice's first chunk went out.</summary>
    public bool Started { get; set; }

    /// <summary>Adds a token; returns the text it releases (empty while held back).</summary>
    public string Token(int id, float logProbability)
    {
        _unsent.Add((id, logProbability));
        _text.Append(decoder.Append(id));
        var text = _text.ToString();
        var safe = SafeLength(text, stops);
        if (safe <= Sent)
        {
            return string.Empty;
        }

        var delta = text[Sent..safe];
        Sent = safe;
        return delta;
    }

    /// <summary>The tokens not yet reported with a chunk, handed over once.</summary>
    public IReadOnlyList<(int Token, float LogProbability)> TakeTokens()
    {
        var tokens = _unsent.ToArray();
        _unsent.Clear();
        return tokens;
    }

    /// <summary>The rest of the final text after what was sent.</summary>
    public string Rest(string finalText) => finalText.Length > Sent ? finalText[Sent..] : string.Empty;

    /// <summary>
    /// How much of <paramref name="text"/> can be sent: up to the first stop string in it, and never a tail that
    /// could be the start of one.
    /// </summary>
    public static int SafeLength(string text, IReadOnlyList<string> stops)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(stops);
        var safe = text.Length;
        foreach (var stop in stops)
        {
            if (stop.Length == 0)
            {
                continue;
            }

            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                safe = Math.Min(safe, at);
                continue;
            }

            for (var k = Math.Min(stop.Length - 1, text.Length); k > 0; k--)
            {
                if (text.AsSpan(text.Length - k).SequenceEqual(stop.AsSpan(0, k)))
                {
                    safe = Math.Min(safe, text.Length - k);
                    break;
                }
            }
        }

        return safe;
    }
}
