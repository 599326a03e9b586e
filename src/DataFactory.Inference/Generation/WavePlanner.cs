namespace DataFactory.Inference.Generation;

/// <summary>
/// Splits problems × candidates into waves of at most <c>maxRows</c> rows, keeping a problem's candidates together
/// where they fit so its prompt is prefilled once.
/// </summary>
internal static class WavePlanner
{
    public static List<List<WaveItem>> Plan(int problems, int samples, int maxRows) =>
        Plan([.. Enumerable.Repeat((0, samples), problems)], maxRows);

    /// <summary>Plans problems with their own first candidate index and count (candidate indices in the items are absolute).</summary>
    public static List<List<WaveItem>> Plan(IReadOnlyList<(int First, int Count)> problems, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var waves = new List<List<WaveItem>>();
        var current = new List<WaveItem>();
        var rows = 0;
        for (var p = 0; p < problems.Count; p++)
        {
            var (start, samples) = problems[p];
            for (var first = 0; first < samples; first += maxRows)
            {
                var count = Math.Min(maxRows, samples - first);
                if (rows + count > maxRows)
                {
                    waves.Add(current);
                    current = [];
                    rows = 0;
                }

                current.Add(new WaveItem(p, start + first, count));
                rows += count;
            }
        }

        if (current.Count > 0)
        {
            waves.Add(current);
        }

        return waves;
    }
}
