namespace DataFactory.Core.Harvest;

/// <summary>Best-of-n: one round of n candidates, whatever they give.</summary>
internal sealed class FlatHarvest(int samples) : IProblemHarvest
{
    private int _verified;

    public int Drawn { get; private set; }

    public bool Finished => Drawn >= samples;

    public bool Exhausted => Finished && _verified == 0;

    public bool Saturated => false;

    public int NextRound() => Finished ? 0 : samples - Drawn;

    /// <summary>Best-of-n draws its n whatever they give: never stops a round.</summary>
    public bool StopsInRound(int round, int heard, int distinct, Func<PathSample> sample) => false;

    public void Record(int candidates, int verified, int distinct, PathSample sample = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        Drawn += candidates;
        _verified = verified;
    }
}
