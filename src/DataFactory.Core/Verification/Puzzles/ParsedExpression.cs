using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.Puzzles;

/// <summary>
/// A parsed arithmetic expression: its number literals in order of appearance (value and source text)
/// and its exact value, or null when a division by zero makes it undefined.
/// </summary>
internal sealed record ParsedExpression(string Text, IReadOnlyList<Literal> Literals, Rational? Value);
