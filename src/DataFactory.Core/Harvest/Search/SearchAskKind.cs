namespace DataFactory.Core.Harvest.Search;

/// <summary>What a search asks the backend for.</summary>
public enum SearchAskKind
{
    /// <summary>Next steps: continuations of the prefix cut at the step's end (<see cref="StepBeamSearch.StepEnd"/>).</summary>
    Step,

    /// <summary>Rollouts: continuations of the prefix to the end of the chain, to estimate the prefix's value.</summary>
    Rollout,
}
