using System.Text;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Inference.Generation;

/// <summary>
/// A candidate's step guard (<see cref="GenerationRequest.StepGuard"/>): decodes its tokens as they arrive and, each
/// time a token's text holds a line end, asks the guard whether the text so far still holds; true (stop) once it does
/// not. The engine ends the row then, and <see cref="TokensUntilFalse"/> replays the same rule over a finished
/// candidate's tokens, so a benchmark can count what the guard would have saved.
/// </summary>
internal sealed class StepGuardDetector(IncrementalDecoder decoder, Func<string, bool> holds) : IStopDetector
{
    private readonly StringBuilder _text = new();

    public bool Accept(int token)
    {
        var delta = decoder.Append(token);
        _text.Append(delta);
        return delta.Contains('\n', StringComparison.Ordinal) && !holds(_text.ToString());
    }

    /// <summary>
    /// The tokens a guarded row would have generated of <paramref name="tokens"/>: the count up to and including the
    /// token after which <paramref name="holds"/> first returned false, or null when the guard never stops it.
    /// </summary>
    public static int? TokensUntilFalse(ModelTokenizer tokenizer, IReadOnlyList<int> tokens, Func<string, bool> holds)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(tokens);
        var guard = new StepGuardDetector(tokenizer.CreateIncrementalDecoder(), holds);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (guard.Accept(tokens[i]))
            {
                return i + 1;
            }
        }

        return null;
    }
}
