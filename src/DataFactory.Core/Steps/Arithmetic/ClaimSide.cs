namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>One side of an arithmetic claim: its tokens [First, End), its value and what it is written with.</summary>
internal readonly record struct ClaimSide(int First, int End, ValueStatus Status, ClaimNumber Value, bool HasOperator, int Decimals);
