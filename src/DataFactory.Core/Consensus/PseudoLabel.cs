namespace DataFactory.Core.Consensus;

/// <summary>A problem's majority answer with its support.</summary>
/// <param name="Group">The majority group: its answer and the candidates that agree with it.</param>
/// <param name="Candidates">Candidates drawn, those without an answer included.</param>
/// <param name="Reached">Whether it reached the run's thresholds (and so labels the problem).</param>
public sealed record PseudoLabel(AnswerGroup Group, int Candidates, bool Reached)
{
    /// <summary>The majority answer.</summary>
    public string Answer => Group.Answer;

    /// <summary>Candidates that agree with it.</summary>
    public int Votes => Group.Votes;

    /// <summary>Votes over candidates.</summary>
    public double Share => Candidates > 0 ? (double)Votes / Candidates : 0;
}
