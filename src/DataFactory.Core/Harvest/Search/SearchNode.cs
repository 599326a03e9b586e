namespace DataFactory.Core.Harvest.Search;

/// <summary>A partial trace in the beam: its text (complete steps), the tokens generated along its path, its rollout value.</summary>
internal sealed class SearchNode(string text, int tokens, int index)
{
    public static SearchNode Root { get; } = new(string.Empty, 0, -1);

    public string Text => text;

    public int Tokens => tokens;

    /// <summary>The candidate index of its last step (orders ties: the earlier draw first).</summary>
    public int Index => index;

    /// <summary>Its step checks' true claims of reaching the goal (<see cref="Steps.StepCheck.Reached"/>).</summary>
    public int Reached { get; init; }

    /// <summary>Share of its rollouts that verified; 0 before (or without) rollouts.</summary>
    public double Value { get; set; }
}
