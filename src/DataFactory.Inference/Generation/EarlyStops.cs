namespace DataFactory.Inference.Generation;

/// <summary>
/// The early stops of one decode call: after each forward pass, hears the rows that finished in it (by problem, then
/// candidate index) and abandons the rows of a problem that has enough.
/// </summary>
internal sealed class EarlyStops(IReadOnlyList<TokenPrompt> prompts)
{
    private readonly HashSet<int> _stopped = [];

    /// <summary>True when some prompt has an early stop.</summary>
    public static bool Any(IReadOnlyList<TokenPrompt> prompts) => prompts.Any(p => p.Enough is not null);

    /// <summary>True once the problem has enough: its remaining rows are not started.</summary>
    public bool Stopped(int problem) => _stopped.Contains(problem);

    /// <summary>Hears the rows of <paramref name="rows"/> that finished since the last call; abandons the unfinished rows of a problem that has enough.</summary>
    public void Heard(List<DecodeRow> rows, long now)
    {
        List<DecodeRow>? finished = null;
        foreach (var row in rows)
        {
            if (row.Done && !row.Heard)
            {
                row.Heard = true;
                (finished ??= []).Add(row);
            }
        }

        if (finished is null)
        {
            return;
        }

        foreach (var row in finished.OrderBy(r => r.Problem).ThenBy(r => r.Candidate))
        {
            var enough = prompts[row.Problem].Enough;
            if (enough is null || row.Reason == FinishReason.Abandoned || _stopped.Contains(row.Problem)
                || !enough(row.ToCandidate(TimeSpan.Zero)))
            {
                continue;
            }

            _stopped.Add(row.Problem);
            foreach (var other in rows)
            {
                if (other.Problem == row.Problem && !other.Done)
                {
                    other.Abandon(now);
                    other.Heard = true;
                }
            }
        }
    }
}
