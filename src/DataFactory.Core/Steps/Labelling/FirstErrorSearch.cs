namespace DataFactory.Core.Steps.Labelling;

/// <summary>
/// One candidate's step labelling as a small state machine: it names the rollouts to draw next (a prefix and a range
/// of rollout indices), hears how many of them verified, and ends with a label per step. Prefix <c>k</c> is steps
/// 0..k; its value labels step <c>k</c>. Two values are known without rollouts: the last prefix is the candidate
/// itself (its verdict), and the empty prefix, the problem, is taken as solvable (a problem is posed to be solved;
/// one the model cannot solve gets its first error at step 0). The first error is the first step whose label is
/// false while the one before it (for step 0, the problem) is true.
/// </summary>
/// <remarks>
/// <para><see cref="LabelSearch.Exhaustive"/> asks for all <c>m</c> rollouts of every prefix but the last at once.</para>
/// <para><see cref="LabelSearch.Midpoint"/> is OmegaPRM's binary search: all <c>m</c> rollouts of the middle prefix of
/// the open interval between the last prefix known true and the first known false.</para>
/// <para><see cref="LabelSearch.Bisect"/> brackets the first error from the start before it bisects: it probes
/// prefixes 0, 2, 6, 14, ... (doubling the stride after each true one) until one is false or the stride passes the
/// verdict, then bisects the bracket. Errors come early in most failed candidates and values are not monotone, so
/// a bracket near the start both costs fewer probes and skips fewer false prefixes than a first probe in the
/// middle. A probe draws its rollouts in chunks of <c>⌈m/4⌉</c> and stops at the first chunk holding a verified one:
/// its hard label is settled then, and what the later rollouts would add is only the soft label's precision. Its
/// soft label is the share among the rollouts drawn (the label says how many).</para>
/// </remarks>
public sealed class FirstErrorSearch
{
    private readonly int _steps;
    private readonly bool _verified;
    private readonly LabelSearch _search;
    private readonly int _rollouts;
    private readonly int _chunk;
    private readonly int[] _drawn;
    private readonly int[] _successes;
    private readonly List<RolloutAsk> _pending = [];
    private int _low = -1;
    private int _high;
    private int _stride = 1;
    private bool _bracketed;
    private int? _probe;
    private bool _started;

    /// <summary>Starts the labelling of a candidate.</summary>
    /// <param name="steps">The candidate's step count (at least 1).</param>
    /// <param name="verified">The candidate's own verdict: its final answer verifies.</param>
    /// <param name="search">How prefixes are chosen.</param>
    /// <param name="rollouts">Rollouts per prefix, <c>m</c> (at least 1).</param>
    public FirstErrorSearch(int steps, bool verified, LabelSearch search, int rollouts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rollouts, 1);
        _steps = steps;
        _verified = verified;
        _search = search;
        _rollouts = rollouts;
        _chunk = search == LabelSearch.Bisect ? (rollouts + 3) / 4 : rollouts;
        _drawn = new int[steps];
        _successes = new int[steps];
        _high = steps - 1;
    }

    /// <summary>Rollouts heard so far.</summary>
    public int RolloutsSpent { get; private set; }

    /// <summary>True once no prefix is left to roll out.</summary>
    public bool Finished => _pending.Count == 0 && (_search == LabelSearch.Exhaustive ? _started || _steps == 1 : _probe is null && !Open);

    // Bisection runs only between a true and a false end: a verified candidate is true throughout under the
    // monotone assumption.
    private bool Open => !_verified && _high - _low > 1;

    /// <summary>
    /// The rollouts to draw now (<see cref="Record"/> every ask before asking again): under exhaustive search every
    /// prefix but the last at once, otherwise the probe's next chunk or the next probe, or none when the labels are
    /// settled.
    /// </summary>
    public IReadOnlyList<RolloutAsk> Next()
    {
        if (_pending.Count > 0)
        {
            return [.. _pending];
        }

        if (_search == LabelSearch.Exhaustive)
        {
            if (!_started)
            {
                _started = true;
                _pending.AddRange(Enumerable.Range(0, _steps - 1).Select(k => new RolloutAsk(k, 0, _rollouts)));
            }

            return [.. _pending];
        }

        if (_probe is null)
        {
            if (!Open)
            {
                return [];
            }

            var gallop = _search == LabelSearch.Bisect && !_bracketed && _low + _stride < _high;
            _probe = gallop ? _low + _stride : _low + ((_high - _low) / 2);
        }

        var prefix = _probe.Value;
        _pending.Add(new RolloutAsk(prefix, _drawn[prefix], Math.Min(_chunk, _rollouts - _drawn[prefix])));
        return [.. _pending];
    }

    /// <summary>Hears the rollouts of an ask that <see cref="Next"/> made for this prefix.</summary>
    /// <param name="prefix">The ask's prefix.</param>
    /// <param name="successes">How many of the ask's rollouts verified.</param>
    /// <param name="rollouts">How many rollouts came back: the ask's count.</param>
    public void Record(int prefix, int successes, int rollouts)
    {
        var index = _pending.FindIndex(a => a.Prefix == prefix);
        if (index < 0)
        {
            throw new ArgumentException($"Prefix {prefix} was not asked for.", nameof(prefix));
        }

        if (rollouts != _pending[index].Count)
        {
            throw new ArgumentOutOfRangeException(nameof(rollouts), $"{_pending[index].Count} rollouts were asked for prefix {prefix}, not {rollouts}.");
        }

        if (successes < 0 || successes > rollouts)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), "0 <= successes <= rollouts");
        }

        _pending.RemoveAt(index);
        _drawn[prefix] += rollouts;
        _successes[prefix] += successes;
        RolloutsSpent += rollouts;
        if (_search == LabelSearch.Exhaustive || (_successes[prefix] == 0 && _drawn[prefix] < _rollouts))
        {
            return;
        }

        _probe = null;
        if (_successes[prefix] > 0)
        {
            _low = prefix;
            _stride *= 2;
        }
        else
        {
            _high = prefix;
            _bracketed = true;
        }
    }

    /// <summary>A label per step, once <see cref="Finished"/>.</summary>
    public IReadOnlyList<StepLabel> Labels()
    {
        if (!Finished)
        {
            throw new InvalidOperationException("The labelling has prefixes left to roll out.");
        }

        var labels = new StepLabel[_steps];
        var before = true;
        var firstFound = false;
        for (var k = 0; k < _steps; k++)
        {
            var (soft, hard, rollouts, successes, source) = Value(k);
            var first = !firstFound && before && !hard;
            firstFound |= first;
            labels[k] = new StepLabel(k, soft, hard, rollouts, successes, source, first);
            before = hard;
        }

        return labels;
    }

    private (double Soft, bool Hard, int Rollouts, int Successes, LabelSource Source) Value(int k)
    {
        if (k == _steps - 1)
        {
            return (_verified ? 1 : 0, _verified, 0, 0, LabelSource.Verdict);
        }

        if (_drawn[k] > 0)
        {
            return ((double)_successes[k] / _drawn[k], _successes[k] > 0, _drawn[k], _successes[k], LabelSource.Rollouts);
        }

        // Bisection only: true up to the last prefix known true, false from the first known false; a verified
        // candidate true throughout.
        var value = _verified || k <= _low;
        return (value ? 1 : 0, value, 0, 0, LabelSource.Inferred);
    }
}
