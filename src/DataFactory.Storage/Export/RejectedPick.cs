namespace DataFactory.Storage.Export;

/// <summary>The order in which a problem's rejected candidates become the rejected side of its pairs.</summary>
public enum RejectedPick
{
    /// <summary>
    /// The most likely wrong first: candidates whose wrong final answer the model gave most often (the
    /// mode of its wrong answers), shorter first among equals; candidates with no answer last.
    /// </summary>
    Common,

    /// <summary>Fewest tokens first.</summary>
    Shortest,

    /// <summary>In the order they were stored.</summary>
    First,

    /// <summary>Shuffled with the export's seed.</summary>
    Random,
}
