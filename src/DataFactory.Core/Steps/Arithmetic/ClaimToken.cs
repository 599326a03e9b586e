namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// One token of a trace line: its kind, its span [Start, End) in the trace, whether white space
/// precedes it, and for <see cref="ClaimTokenKind.Other"/> the character.
/// </summary>
internal readonly record struct ClaimToken(ClaimTokenKind Kind, int Start, int End, bool SpaceBefore, char Symbol = '\0')
{
    public bool IsExpression => Kind <= ClaimTokenKind.Fraction;

    public bool IsOperator => Kind is ClaimTokenKind.Plus or ClaimTokenKind.Minus or ClaimTokenKind.Times or ClaimTokenKind.Divide or ClaimTokenKind.Power;
}
