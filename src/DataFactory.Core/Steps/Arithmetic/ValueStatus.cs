namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>What evaluating one side of a claim gave.</summary>
internal enum ValueStatus : byte
{
    /// <summary>An exact rational value.</summary>
    Exact,

    /// <summary>The side divides by zero: it has no value, and a claim that it has one is false.</summary>
    DividesByZero,

    /// <summary>The side is well formed but not judged: a number, power or result beyond the size caps, or an ambiguous form such as -2^2.</summary>
    Unjudgeable,
}
