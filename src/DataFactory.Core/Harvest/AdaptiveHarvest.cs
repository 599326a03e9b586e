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
    private bool _saturatedInRound;

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

    public bool StopsInRound(int round, int heard, int distinct, Func<PathSample> sample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(heard, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(heard, round);
        if (distinct >= _target)
        {
            return true;
        }

        if (!_saturation)
        {
            return false;
        }

        // The draws the problem is committed to: the rest of this round, then the next one (cut to the budget).
        // Stopping now only when even both are expected to find less than one new path means a problem stopped
        // inside a round is one the check at the round's end would, on what is known now, have stopped too.
        var next = (int)Math.Min(Math.Min((long)_round * 2, int.MaxValue), Math.Max(0, _budget - Drawn - round));
        _saturatedInRound = Saturation.Reached(_target, distinct, sample(), Drawn + heard, round - heard + next);
        return _saturatedInRound;
    }

    public void Record(int candidates, int verified, int distinct, PathSample sample = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        Drawn += candidates;
        _verified = verified;
        _distinct = distinct;
        _round = (int)Math.Min((long)_round * 2, int.MaxValue);
        // Candidates finished in the step a saturation stop came in are verified too and can reach K: not saturated then.
        Saturated = _saturation && distinct < _target
            && (_saturatedInRound || (Drawn < _budget && Saturation.Reached(_target, distinct, sample, Drawn, Math.Min(_round, _budget - Drawn))));
    }
}
