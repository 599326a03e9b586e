using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>The problems read from one file.</summary>
public sealed record ImportResult
{
    /// <summary>The valid problems, in file order, with unique ids.</summary>
    public required IReadOnlyList<Problem> Problems { get; init; }

    /// <summary>The invalid lines that were skipped (empty unless <see cref="ImportOptions.SkipInvalid"/>).</summary>
    public required IReadOnlyList<ImportError> Skipped { get; init; }

    /// <summary>The format the file was read as: the requested one, or the detected one under Auto.</summary>
    public required ProblemFormat DetectedFormat { get; init; }

    /// <summary>The number of lines read, blank lines included.</summary>
    public required int LinesRead { get; init; }
}
