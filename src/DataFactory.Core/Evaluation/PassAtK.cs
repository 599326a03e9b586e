namespace DataFactory.Core.Evaluation;

/// <summary>
/// The unbiased pass@k estimator of Chen et al. (2021, "Evaluating Large Language Models Trained on
/// Code"): from n samples of which c are correct, 1 − C(n−c, k) / C(n, k), the chance that k samples
/// drawn without replacement include a correct one. Computed as a product, stable for any n.
/// </summary>
public static class PassAtK
{
    /// <summary>pass@k for one problem with <paramref name="correct"/> of <paramref name="samples"/> correct.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ correct ≤ samples, or not 1 ≤ k ≤ samples.</exception>
    public static double Estimate(int samples, int correct, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(correct);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(correct, samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, samples);
        if (samples - correct < k)
        {
            return 1.0;
        }

        // C(n−c, k) / C(n, k) = Π_{i = n−c+1}^{n} (1 − k / i)
        var fail = 1.0;
        for (var i = samples - correct + 1; i <= samples; i++)
        {
            fail *= 1.0 - ((double)k / i);
        }

        return 1.0 - fail;
    }
}
