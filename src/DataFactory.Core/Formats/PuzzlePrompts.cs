using System.Globalization;

namespace DataFactory.Core.Formats;

/// <summary>
/// The prompts the puzzle formats generate. The bundled model was trained on exactly these texts:
/// do not change a character.
/// </summary>
internal static class PuzzlePrompts
{
    public static string Arithmetic(IReadOnlyList<long> numbers, long target) => string.Create(
        CultureInfo.InvariantCulture,
        $"Use the numbers {string.Join(' ', numbers)} to make {target} with + - * / and parentheses, using each number exactly once.");

    public static string Cipher(string ciphertext) => $"Decode the letter-pair cipher: {ciphertext}";
}
