namespace DataFactory.Storage.Export;

/// <summary>The order in which a problem's verified traces become the chosen side of its pairs.</summary>
public enum ChosenPick
{
    /// <summary>Fewest tokens first: the shortest correct reasoning.</summary>
    Shortest,

    /// <summary>In the order they were stored.</summary>
    First,

    /// <summary>Shuffled with the export's seed.</summary>
    Random,
}
