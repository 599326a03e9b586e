namespace DataFactory.Core.Curation;

/// <summary>What curation kept of one problem's verified candidates, and how many it dropped and why.</summary>
/// <param name="Kept">Distinct traces that passed every filter, in candidate order.</param>
/// <param name="Duplicates">Verified candidates dropped as exact duplicates of a kept one.</param>
/// <param name="Filtered">Verified candidates dropped by a format filter.</param>
/// <param name="Flawed">Verified candidates with a false checkable step, duplicates included (the counter beside "correct"); dropped unless <see cref="CurationOptions.KeepFlawed"/>.</param>
public sealed record CurationResult(IReadOnlyList<CuratedTrace> Kept, int Duplicates, int Filtered, int Flawed = 0);
