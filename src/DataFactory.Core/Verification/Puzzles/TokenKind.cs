namespace DataFactory.Core.Verification.Puzzles;

/// <summary>The tokens of a puzzle expression.</summary>
internal enum TokenKind
{
    Number,
    Plus,
    Minus,
    Times,
    Divide,
    Open,
    Close,
    Fraction,
    End,
}
