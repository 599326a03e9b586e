using System.Text.Json;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>
/// The letter-pair cipher: <c>{"id"?, "ciphertext", "plaintext", "prompt"?, "metadata"?}</c>; the
/// plaintext is the gold answer. A <c>prompt</c> field replaces the generated prompt.
/// </summary>
internal sealed class CipherLineParser : IProblemLineParser
{
    public ParsedLine Parse(JsonElement line, int lineNumber)
    {
        var (id, idField) = ProblemId.Read(line, ProblemFormat.Cipher, lineNumber, "id");
        var ciphertext = LineFields.RequiredString(line, "ciphertext");
        var plaintext = LineFields.RequiredString(line, "plaintext");
        var problem = new Problem
        {
            Id = id,
            Prompt = LineFields.OptionalString(line, "prompt") ?? PuzzlePrompts.Cipher(ciphertext),
            Kind = TaskKind.Cipher,
            Answer = plaintext,
            Metadata = LineFields.OptionalObject(line, "metadata"),
        };
        return new ParsedLine(problem, idField);
    }
}
