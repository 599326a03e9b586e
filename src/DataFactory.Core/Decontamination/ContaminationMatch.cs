namespace DataFactory.Core.Decontamination;

/// <summary>The benchmark item a problem overlaps, and how much.</summary>
/// <param name="Item">The benchmark item.</param>
/// <param name="Overlap">
/// 1 for an exact match after normalisation; (words − 1) / words for a copy with one word changed;
/// otherwise the share of the item's n-grams that occur in the problem.
/// </param>
/// <param name="Kind">How it matched.</param>
public sealed record ContaminationMatch(BenchmarkItem Item, double Overlap, ContaminationKind Kind);
