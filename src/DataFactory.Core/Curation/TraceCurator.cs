namespace DataFactory.Core.Curation;

/// <summary>
/// Turns one problem's verified candidates into the traces worth storing: exact duplicates (by
/// <see cref="TraceHash"/>) are dropped, then length and repetition filters apply. Flawed candidates
/// (a false checkable step) are counted, and dropped unless <see cref="CurationOptions.KeepFlawed"/>. Pure and
/// deterministic: the same candidates give the same result, so a redelivered batch stores nothing new.
/// </summary>
public sealed class TraceCurator(CurationOptions options)
{
    private readonly CurationOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Curates one problem's verified candidates (texts hashed as prose).</summary>
    public CurationResult Curate(IEnumerable<CandidateForCuration> verified) => Curate(verified, string.Empty);

    /// <summary>Curates one problem's verified candidates of a task kind (code keeps its white space, see <see cref="TraceHash.ForKind"/>).</summary>
    public CurationResult Curate(IEnumerable<CandidateForCuration> verified, string kind)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(kind);
        var kept = new List<CuratedTrace>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int duplicates = 0, filtered = 0, flawed = 0;
        foreach (var candidate in verified.OrderBy(c => c.CandidateIndex))
        {
            if (candidate.Steps?.IsFlawed == true)
            {
                flawed++;
                if (!_options.KeepFlawed)
                {
                    continue;
                }
            }

            if (!PassesFilters(candidate.Text))
            {
                filtered++;
                continue;
            }

            var hash = Convert.ToHexStringLower(TraceHash.ForKind(candidate.Text, kind));
            if (!seen.Add(hash))
            {
                duplicates++;
                continue;
            }

            if (_options.MaxTracesPerProblem > 0 && kept.Count >= _options.MaxTracesPerProblem)
            {
                filtered++;
                continue;
            }

            kept.Add(new CuratedTrace(candidate.CandidateIndex, candidate.Text, candidate.FinalAnswer, candidate.TokenCount, hash, candidate.Steps));
        }

        return new CurationResult(kept, duplicates, filtered, flawed);
    }

    private bool PassesFilters(string text)
    {
        var length = text.AsSpan().Trim().Length;
        if (length < _options.MinCharacters || length > _options.MaxCharacters)
        {
            return false;
        }

        return _options.MaxRepeatedLine <= 0 || MaxLineRepeats(text) <= _options.MaxRepeatedLine;
    }

    private static int MaxLineRepeats(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var max = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range.Start.Value, range.End.Value - range.Start.Value).Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            var key = line.ToString();
            var count = counts.TryGetValue(key, out var c) ? c + 1 : 1;
            counts[key] = count;
            max = Math.Max(max, count);
        }

        return max;
    }
}
