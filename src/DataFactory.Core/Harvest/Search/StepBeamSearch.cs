using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Splitting;

namespace DataFactory.Core.Harvest.Search;

/// <summary>
/// Verifier-guided beam search over steps for one problem. It holds the <c>w</c> best partial traces; from each it
/// asks for <c>b</c> next steps (continuations cut at the step's end); a step whose trace then holds a false
/// checkable claim is pruned; with rollouts, each surviving partial trace is scored by the share of its rollouts
/// that verify; the best <c>w</c> (by that value, then by the claims of reaching the goal its step checks found true,
/// then the earlier draw) become the next beam. A chain that ends (a step with the final answer, or a rollout) is a
/// candidate, verified as any other. The search stops once it has
/// <c>K</c> verified candidates (by default 1: the first verified answer ends it, so with K = 1 a rollout value is
/// above 0 only when the search is already over and rollouts act as look-ahead) or once the problem's generated
/// tokens reach the budget (checked between rounds and before a round's rollouts, so the last round can pass it
/// by at most its steps, or its rollouts when the steps left some budget).
/// </summary>
/// <remarks>
/// A pure state machine: <see cref="Next"/> says what to generate, <see cref="Hear"/> takes what came back with the
/// verdicts of the chains that ended. Decisions depend only on this problem's own samples and candidate indices run
/// on across asks, so with per-candidate seeds a problem searches the same way whatever shares its batch.
/// </remarks>
public sealed class StepBeamSearch : IProblemHarvest
{
    private readonly int _beamWidth;
    private readonly int _expand;
    private readonly int _rollouts;
    private readonly int _budget;
    private readonly int _maxTraceTokens;
    private readonly int _target;
    private readonly Func<string, StepCheck> _checkSteps;
    private readonly TaskKind _kind;
    private readonly List<SearchNode> _children = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<SearchNode> _full = [];
    private List<SearchNode> _beam = [SearchNode.Root];
    private SearchAskKind _phase = SearchAskKind.Step;
    private int _outstanding;
    private int _verified;
    private long _roundTokens;

    /// <summary>Starts a search.</summary>
    /// <param name="kind">The problem's kind: it fixes what a step is (<see cref="StepEnd"/>).</param>
    /// <param name="beam">Partial traces kept, <c>w</c>.</param>
    /// <param name="expand">Next steps drawn from each, <c>b</c>.</param>
    /// <param name="rollouts">Rollouts per surviving partial trace; 0 scores by the step checks alone.</param>
    /// <param name="tokenBudget">Generated tokens per problem (steps, rollouts and discarded expansions) after which no new round starts.</param>
    /// <param name="maxTraceTokens">The longest trace, in generated tokens: a partial trace that reaches it is not expanded.</param>
    /// <param name="checkSteps">
    /// The step check of a partial trace's complete steps: a trace with a false claim is pruned, and among the rest
    /// those whose checked claims state the goal reached more often (<see cref="StepCheck.Reached"/>) rank first.
    /// </param>
    /// <param name="target">Verified candidates at which the search stops, <c>K</c>.</param>
    public StepBeamSearch(TaskKind kind, int beam, int expand, int rollouts, int tokenBudget, int maxTraceTokens, Func<string, StepCheck> checkSteps, int target = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(beam, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(expand, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rollouts);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenBudget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTraceTokens, 1);
        ArgumentNullException.ThrowIfNull(checkSteps);
        _kind = kind;
        _beamWidth = beam;
        _expand = expand;
        _rollouts = rollouts;
        _budget = tokenBudget;
        _maxTraceTokens = maxTraceTokens;
        _checkSteps = checkSteps;
        _target = target;
        StepEnd = kind == TaskKind.Math ? "\n\n" : "\n";
    }

    /// <summary>What ends a step of this kind (a line, a paragraph for math): the stop string of step asks.</summary>
    public string StepEnd { get; }

    /// <summary>Candidate indices used so far (steps and rollouts); the next ask's first index.</summary>
    public int Drawn { get; private set; }

    /// <summary>Tokens generated so far: every step, rollout and discarded expansion.</summary>
    public long Tokens { get; private set; }

    /// <summary>Chains that ended (completed steps and rollouts): the search's candidates.</summary>
    public int Chains { get; private set; }

    /// <summary>Expansions dropped because a step checker judged a claim of the new step false.</summary>
    public int Pruned { get; private set; }

    /// <summary>Rounds of expansion finished.</summary>
    public int Rounds { get; private set; }

    /// <summary>The partial traces kept, best first.</summary>
    public IReadOnlyList<string> Beam => [.. _beam.Select(n => n.Text)];

    /// <inheritdoc />
    public bool Finished { get; private set; }

    /// <inheritdoc />
    public bool Exhausted => Finished && _verified == 0;

    /// <summary>Search stops on a verified answer or its token budget: never saturated.</summary>
    public bool Saturated => false;

    /// <summary>Search asks for steps and rollouts through <see cref="Next"/>, never for rounds of whole candidates: 0.</summary>
    public int NextRound() => 0;

    /// <summary>Search has no rounds of whole candidates to stop: false.</summary>
    public bool StopsInRound(int round, int heard, int distinct, Func<PathSample> sample) => false;

    /// <summary>Hears the pipeline's count of verified candidates (the verdicts <see cref="Hear"/> already had); only ever raises it.</summary>
    public void Record(int candidates, int verified, int distinct, PathSample sample = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        _verified = Math.Max(_verified, verified);
        Finished |= _verified >= _target;
    }

    /// <summary>
    /// What to generate next: a step ask per partial trace of the beam, or a rollout ask per surviving expansion.
    /// Empty when finished, or while asks given out are not all heard.
    /// </summary>
    public IReadOnlyList<SearchAsk> Next()
    {
        if (Finished || _outstanding > 0)
        {
            return [];
        }

        List<SearchAsk> asks;
        if (_phase == SearchAskKind.Step)
        {
            asks = [.. _beam.Select(node => Ask(SearchAskKind.Step, node, _expand))];
        }
        else
        {
            asks = [.. _children.Select(node => Ask(SearchAskKind.Rollout, node, _rollouts))];
        }

        _outstanding = asks.Count;
        return asks;
    }

    /// <summary>Takes the continuations of an ask, with the verdicts of those that ended the chain.</summary>
    public void Hear(SearchAsk ask, IReadOnlyList<SearchSample> samples)
    {
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(samples);
        if (_outstanding == 0 || ask.Kind != _phase)
        {
            throw new InvalidOperationException($"A {ask.Kind} ask was not expected now ({_outstanding} asks outstanding in the {_phase} phase).");
        }

        var successes = 0;
        foreach (var sample in samples)
        {
            Tokens += sample.Tokens;
            _roundTokens += sample.Tokens;
            if (sample.Ended || ask.Kind == SearchAskKind.Rollout)
            {
                Chains++;
                successes += sample.Verified ? 1 : 0;
            }
            else
            {
                Expand(ask.Node, sample);
            }
        }

        _verified += successes;
        if (ask.Kind == SearchAskKind.Rollout && samples.Count > 0)
        {
            ask.Node.Value = (double)successes / samples.Count;
        }

        if (--_outstanding == 0)
        {
            Advance();
        }
    }

    private SearchAsk Ask(SearchAskKind kind, SearchNode node, int count)
    {
        var ask = new SearchAsk(kind, node.Text, node.Tokens, Drawn, count) { Node = node };
        Drawn += count;
        return ask;
    }

    private void Expand(SearchNode parent, SearchSample sample)
    {
        // A backend that ignores the stop string returns more than one step: the first is the step asked for.
        var steps = StepSplitter.Split(_kind, sample.Text + StepEnd, StepEnd);
        var step = steps.Count == 0 ? string.Empty : steps[0];
        if (string.IsNullOrWhiteSpace(step))
        {
            return;
        }

        var tokens = parent.Tokens + sample.Tokens;
        var text = parent.Text + step;
        if (tokens >= _maxTraceTokens)
        {
            _full.Add(parent);
            return;
        }

        if (!_seen.Add(text))
        {
            return;
        }

        var check = _checkSteps(text);
        if (check.IsFlawed)
        {
            Pruned++;
            return;
        }

        _children.Add(new SearchNode(text, tokens, sample.Index) { Reached = check.Reached });
    }

    private void Advance()
    {
        if (_verified >= _target)
        {
            Finished = true;
            return;
        }

        // Rollouts only while the budget lasts: a round whose steps spent it ends without them.
        if (_phase == SearchAskKind.Step && _rollouts > 0 && _children.Count > 0 && Tokens < _budget)
        {
            _phase = SearchAskKind.Rollout;
            return;
        }

        Rounds++;
        if (_children.Count > 0)
        {
            _beam = [.. _children.OrderByDescending(n => n.Value).ThenByDescending(n => n.Reached).ThenBy(n => n.Index).Take(_beamWidth)];
        }
        else
        {
            // Nothing survived: the beam is expanded again with new candidate indices (new seeds), less the partial
            // traces that have no room left for a step; when none is left the search starts again from the root.
            _beam = [.. _beam.Where(n => !_full.Contains(n))];
            if (_beam.Count == 0)
            {
                _beam = [SearchNode.Root];
            }
        }

        _full.Clear();
        _children.Clear();
        _seen.Clear();
        _phase = SearchAskKind.Step;
        Finished = Tokens >= _budget || _roundTokens == 0;
        _roundTokens = 0;
    }
}
