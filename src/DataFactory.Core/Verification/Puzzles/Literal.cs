using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.Puzzles;

/// <summary>A number literal of an expression: its exact value and the text it was written as.</summary>
internal readonly record struct Literal(Rational Value, string Text);
