namespace DataFactory.Core.Decontamination;

/// <summary>How a problem matched a benchmark item.</summary>
public enum ContaminationKind
{
    /// <summary>The same words after normalisation.</summary>
    Exact,

    /// <summary>The same words but one, in the same places.</summary>
    OneWordChanged,

    /// <summary>Enough of the item's n-grams occur in the problem.</summary>
    NgramOverlap,
}
