namespace DataFactory.Core.Harvest;

/// <summary>
/// Rounds of <c>first</c>, <c>2·first</c>, <c>4·first</c>, ... candidates (the last cut to the budget) while the
/// problem has fewer than <c>target</c> distinct verified traces. An easy problem stops after its first round; a
/// hard one escalates; one that spends the budget with nothing verified is exhausted. With <c>saturation</c>, a problem
/// whose verified candidates stopped finding new paths stops short of the target (<see cref="Saturation"/>).
/// </summary>
internal sealed class AdaptiveHarvest : IProblemHarvest
{
    private readonly int _target;
    private readonly int _budget;
    private int _round;
    private int _verified;
    private int _distinct;
    private readonly bool _saturation;

    public AdaptiveHarvest(int target, int budget, int first, bool saturation = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        _target = target;
        _budget = budget;
        _round = first;
        _saturation = saturation;
    }

    public int Drawn { get; private set; }

    public bool Finished => _distinct >= _target || Drawn >= _budget || Saturated;

    public bool Saturated { get; private set; }

    public bool Exhausted => Drawn >= _budget && _verified == 0;

    public int NextRound() => Finished ? 0 : Math.Min(_round, _budget - Drawn);

    public void Record(int candidates, int verified, int distinct, PathSample sample = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        Drawn += candidates;
        _verified = verified;
        _distinct = distinct;
        _round = (int)Math.Min((long)_round * 2, int.MaxValue);
        Saturated = _saturation && Drawn < _budget
            && Saturation.Reached(_target, distinct, sample, Drawn, Math.Min(_round, _budget - Drawn));
    }
}
