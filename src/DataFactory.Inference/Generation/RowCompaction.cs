using DataFactory.Inference.Runtime;

namespace DataFactory.Inference.Generation;

/// <summary>Drops finished rows from a batch's cache; shared by the static waves and the continuous scheduler's cohorts.</summary>
internal static class RowCompaction
{
    /// <summary>
    /// The cache of the rows of <paramref name="rows"/> still running (in their step order, <see cref="DecodeRow.Slot"/>),
    /// without the padding columns none of them needs; <paramref name="rows"/> keeps only those rows. Null when none is
    /// left. Native copies only: a row's positions move once here instead of being recomputed or padded every step.
    /// The caller still owns <paramref name="cache"/>.
    /// </summary>
    public static KvCache? Compact(KvLayout layout, List<DecodeRow> rows, KvCache cache)
    {
        var sources = new List<KvRowSource>(rows.Count);
        var survivors = new List<DecodeRow>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (!row.Done)
            {
                survivors.Add(row);
                sources.Add(new KvRowSource(cache, r, cache.Length - row.PadLeft));
            }
        }

        rows.Clear();
        rows.AddRange(survivors);
        if (survivors.Count == 0)
        {
            return null;
        }

        var trim = survivors.Min(row => row.PadLeft);
        foreach (var row in survivors)
        {
            row.PadLeft -= trim;
        }

        return KvCache.Gather(layout, sources, cache.Length - trim);
    }
}
