namespace DataFactory.Cli.Status;

/// <summary>A run's recent rates, per second, over the watch window.</summary>
internal sealed record RunRate(double Problems, double Candidates, double Traces, double Tokens, TimeSpan Window)
{
    /// <summary>Time left at the recent problem rate, or null when nothing moved.</summary>
    public TimeSpan? Remaining(int problemsLeft) =>
        Problems > 0 && problemsLeft > 0 ? TimeSpan.FromSeconds(problemsLeft / Problems) : null;
}
