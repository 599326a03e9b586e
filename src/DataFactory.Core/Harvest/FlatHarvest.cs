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

    public void Record(int candidates, int verified, int distinct, PathSample sample = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        Drawn += candidates;
        _verified = verified;
    }
}
