namespace DataFactory.Core.Verification.Puzzles;

/// <summary>
/// One token: its kind, where it starts (0-based) and its text (the digits of a number, the
/// bracket character of an opening or closing bracket).
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Position, string Text);
