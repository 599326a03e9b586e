namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>Settings of <see cref="MathVerifier"/>.</summary>
public sealed record MathVerifierOptions
{
    /// <summary>The defaults: relative tolerance 1e-6, percentages match fractions.</summary>
    public static MathVerifierOptions Default { get; } = new();

    /// <summary>
    /// Relative tolerance for values compared numerically: |a - b| ≤ tolerance · max(|a|, |b|).
    /// It applies to irrational values (√2/2 against 1/√2 or 0.7071067812), to identities with variables
    /// checked at sample points, and to a decimal standing for a rational without a finite decimal
    /// expansion (0.0833333333 for 1/12). Two rationals with finite expansions compare exactly, so
    /// 5.001 ≠ 5 and 12000024 ≠ 12000023. Default 1e-6, the precision of Math-Verify's default float
    /// rounding (6 digits): 0.333 is not 1/3, 0.333333 is.
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Whether a percentage also matches its fraction: with true (the default) "50\%" matches both 50
    /// and 0.5 (and 1/2), as NeMo-Skills' grader and the conformance cases expect ("10%" = "0.1" and
    /// "10%" = "10"); with false "50\%" matches only 50 and 50%. The number itself always matches,
    /// because gold answers routinely drop the percent sign the model writes, and the reverse.
    /// </summary>
    public bool PercentMatchesFraction { get; init; } = true;

    /// <summary>
    /// Whether a decimal approximation matches a gold answer that is not rational: with false (the
    /// default) 1.41421356 does not match \sqrt{2} and 3.14159 does not match \pi, as the MATH and
    /// PRM800K graders judge, because curated data should not teach that an approximation is the exact
    /// answer; a decimal still matches when it equals the gold up to floating-point rounding (0.5 for
    /// \sin(\pi/6)). With true such a decimal matches within <see cref="RelativeTolerance"/>, as
    /// Math-Verify and NeMo-Skills judge. A decimal gold against an exact prediction (4.1231056256 against
    /// \sqrt{17}) is compared within the tolerance either way: there the gold is the approximation.
    /// </summary>
    public bool DecimalMatchesIrrational { get; init; }
}
