namespace DataFactory.Core.Steps.Labelling;

/// <summary>
/// One candidate's step labelling as a small state machine: it names the prefixes to roll out next, hears how many
/// of their rollouts verified, and ends with a label per step. Prefix <c>k</c> is steps 0..k; its value labels
/// step <c>k</c>. Two values are known without rollouts: the last prefix is the candidate itself (its verdict), and
/// the empty prefix, the problem, is taken as solvable (a problem is posed to be solved; one the model cannot solve
/// gets its first error at step 0). The first error is the first step whose label is false while the one before it
/// (for step 0, the problem) is true.
/// </summary>
public sealed class FirstErrorSearch
{
    private readonly int _steps;
    private readonly bool _verified;
    private readonly LabelSearch _search;
    private readonly (int Successes, int Rollouts)?[] _evaluated;
    private readonly List<int> _pending = [];
    private int _low = -1;
    private int _high;
    private bool _started;

    /// <summary>Starts the labelling of a candidate.</summary>
    /// <param name="steps">The candidate's step count (at least 1).</param>
    /// <param name="verified">The candidate's own verdict: its final answer verifies.</param>
    /// <param name="search">Bisection or every prefix.</param>
    public FirstErrorSearch(int steps, bool verified, LabelSearch search)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        _steps = steps;
        _verified = verified;
        _search = search;
        _evaluated = new (int, int)?[steps];
        _high = steps - 1;
    }

    /// <summary>Rollouts heard so far.</summary>
    public int RolloutsSpent { get; private set; }

    /// <summary>True once no prefix is left to roll out.</summary>
    public bool Finished => _pending.Count == 0 && (_search == LabelSearch.Exhaustive ? _started || _steps == 1 : !BisectionOpen);

    // Bisection runs only between a true and a false end: a verified candidate is true throughout under the
    // monotone assumption.
    private bool BisectionOpen => !_verified && _high - _low > 1;

    /// <summary>
    /// The prefixes to roll out now (each once; <see cref="Record"/> every one before asking again): under
    /// exhaustive search every prefix but the last at once, under bisection the middle of the open interval, or
    /// none when the labels are settled.
    /// </summary>
    public IReadOnlyList<int> Next()
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
                _pending.AddRange(Enumerable.Range(0, _steps - 1));
            }

            return [.. _pending];
        }

        if (!BisectionOpen)
        {
            return [];
        }

        _pending.Add(_low + ((_high - _low) / 2));
        return [.. _pending];
    }

    /// <summary>Hears the rollouts of a prefix that <see cref="Next"/> named.</summary>
    public void Record(int prefix, int successes, int rollouts)
    {
        if (!_pending.Remove(prefix))
        {
            throw new ArgumentException($"Prefix {prefix} was not asked for.", nameof(prefix));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rollouts, 1);
        if (successes < 0 || successes > rollouts)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), "0 <= successes <= rollouts");
        }

        _evaluated[prefix] = (successes, rollouts);
        RolloutsSpent += rollouts;
        if (_search == LabelSearch.Bisect)
        {
            if (successes > 0)
            {
                _low = prefix;
            }
            else
            {
                _high = prefix;
            }
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

        if (_evaluated[k] is { } evaluated)
        {
            return ((double)evaluated.Successes / evaluated.Rollouts, evaluated.Successes > 0, evaluated.Rollouts, evaluated.Successes, LabelSource.Rollouts);
        }

        // Bisection only: true up to the last prefix known true, false from the first known false; a verified
        // candidate true throughout.
        var value = _verified || k <= _low;
        return (value ? 1 : 0, value, 0, 0, LabelSource.Inferred);
    }
}
