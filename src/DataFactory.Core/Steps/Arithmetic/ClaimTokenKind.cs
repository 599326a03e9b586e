namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>What a token of a trace line is, for finding arithmetic claims.</summary>
internal enum ClaimTokenKind : byte
{
    Number,
    Plus,
    Minus,
    Times,
    Divide,
    Power,
    Open,
    Close,
    OpenBrace,
    CloseBrace,
    Fraction,
    Equals,
    Word,
    Other,
}
