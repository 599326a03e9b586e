using System.Globalization;
using System.Text;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Steps.Cipher;

/// <summary>
/// Judges the letter-pair cipher traces of the bundled model, one pair per line:
/// <c>nl: (14+12)/2 = 13 -> m</c>, then <c>Word: mom</c> after each word and
/// <c>Final answer: mom aim</c>. Claims: each pair is the next pair of the ciphertext (when the
/// prompt gives it, "Decode the letter-pair cipher: ..."), each letter's alphabet position is right
/// (a = 1 … z = 26), the letter after "->" is the one at the stated position, each word is the
/// letters decoded since the previous word, and the final answer is the words in order. The
/// average itself, (14+12)/2 = 13, is an arithmetic claim for the arithmetic checker.
/// </summary>
public sealed class CipherStepChecker : IStepChecker
{
    /// <summary>This checker's version.</summary>
    public const string CurrentVersion = "cipher-1";

    private const string PromptMarker = "cipher:";

    /// <inheritdoc />
    public string Version => CurrentVersion;

    /// <inheritdoc />
    public bool Handles(TaskKind kind) => kind == TaskKind.Cipher;

    /// <inheritdoc />
    public StepCheck Check(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidate);
        var tally = new StepTally(candidate);
        var pairs = CiphertextPairs(problem.Prompt);
        var nextPair = 0;
        var letters = new StringBuilder();
        var words = new StringBuilder();
        var start = 0;
        var line = 0;
        while (true)
        {
            var newline = candidate.IndexOf('\n', start);
            var end = newline < 0 ? candidate.Length : newline;
            var text = candidate.AsSpan(start, end - start);
            var trimmed = text.TrimStart();
            var first = start + (text.Length - trimmed.Length);
            trimmed = trimmed.TrimEnd();
            if (trimmed.StartsWith("Word:", StringComparison.Ordinal))
            {
                var word = trimmed[5..].Trim();
                tally.Judge(line, first, first + trimmed.Length, letters.Equals(word),
                    $"the letters decoded are '{letters}', not '{word}'");
                words.Append(words.Length > 0 ? " " : string.Empty).Append(word);
                letters.Clear();
            }
            else if (trimmed.StartsWith("Final answer:", StringComparison.Ordinal))
            {
                if (words.Length > 0)
                {
                    var answer = trimmed[13..].Trim();
                    tally.Judge(line, first, first + trimmed.Length, words.Equals(answer),
                        $"the words decoded are '{words}', not '{answer}'");
                }
            }
            else if (PairLine.TryRead(trimmed, out var pair))
            {
                var claimEnd = first + trimmed.Length;
                if (pairs is not null)
                {
                    if (2 * nextPair < pairs.Length)
                    {
                        var expected = pairs.AsSpan(2 * nextPair, 2);
                        tally.Judge(line, first, first + 2, trimmed[..2].SequenceEqual(expected), $"the next pair of the ciphertext is '{expected}'");
                    }
                    else
                    {
                        tally.Fail(line, first, first + 2, "the ciphertext has no more pairs");
                    }

                    nextPair++;
                }

                tally.Judge(line, first, claimEnd, Position(pair.First) == pair.FirstPosition,
                    $"'{pair.First}' is letter {Position(pair.First)}, not {pair.FirstPosition}");
                tally.Judge(line, first, claimEnd, Position(pair.Second) == pair.SecondPosition,
                    $"'{pair.Second}' is letter {Position(pair.Second)}, not {pair.SecondPosition}");
                // The letter claim starts at the value, after the average "(14+12)/2 = 13" (an arithmetic claim).
                if (pair.Value is >= 1 and <= 26)
                {
                    tally.Judge(line, first + pair.ValueAt, claimEnd, Position(pair.Letter) == pair.Value,
                        $"letter {pair.Value} is '{(char)('a' + pair.Value - 1)}', not '{pair.Letter}'");
                }
                else
                {
                    tally.Fail(line, first + pair.ValueAt, claimEnd, $"{pair.Value.ToString(CultureInfo.InvariantCulture)} is not a letter position (1 to 26)");
                }

                letters.Append(pair.Letter);
            }

            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
            line++;
        }

        return tally.ToCheck(CurrentVersion);
    }

    private static int Position(char letter) => char.ToLowerInvariant(letter) - 'a' + 1;

    /// <summary>
    /// The letters of the ciphertext after "cipher:" in the prompt, its words (separated by spaces) joined, so that
    /// pair k is letters 2k and 2k + 1; null when the prompt has none or a word is not pairs of lowercase letters.
    /// </summary>
    private static string? CiphertextPairs(string prompt)
    {
        var at = prompt.LastIndexOf(PromptMarker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = prompt.AsSpan(at + PromptMarker.Length);
        var letters = new StringBuilder(rest.Length);
        foreach (var range in rest.Split(' '))
        {
            var word = rest[range].Trim();
            if (word.IsEmpty)
            {
                continue;
            }

            if (word.Length % 2 != 0 || word.ContainsAnyExceptInRange('a', 'z'))
            {
                return null;
            }

            letters.Append(word);
        }

        return letters.Length == 0 ? null : letters.ToString();
    }
}
