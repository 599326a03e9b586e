using System.Text;

namespace DataFactory.Core.Formats;

/// <summary>
/// Thrown when a problem file is rejected: nothing of it is returned. <see cref="Errors"/> holds up
/// to <see cref="MaxErrors"/> errors; <see cref="ErrorCount"/> counts them all.
/// </summary>
public sealed class ProblemImportException : Exception
{
    /// <summary>The most errors one exception carries.</summary>
    public const int MaxErrors = 1000;

    private const int ErrorsInMessage = 5;

    /// <summary>Creates the exception for a rejected file.</summary>
    /// <param name="fileName">The file name as the caller gave it.</param>
    /// <param name="errors">The errors, at most <see cref="MaxErrors"/> of them.</param>
    /// <param name="errorCount">How many errors there were in all, at least <c>errors.Count</c>.</param>
    public ProblemImportException(string fileName, IReadOnlyList<ImportError> errors, int errorCount)
        : base(Describe(fileName, errors, errorCount))
    {
        FileName = fileName;
        Errors = errors;
        ErrorCount = Math.Max(errorCount, errors.Count);
    }

    /// <summary>The rejected file, as the caller named it.</summary>
    public string FileName { get; }

    /// <summary>The errors found, in line order, at most <see cref="MaxErrors"/>.</summary>
    public IReadOnlyList<ImportError> Errors { get; }

    /// <summary>The number of errors found, including those beyond <see cref="MaxErrors"/>.</summary>
    public int ErrorCount { get; }

    private static string Describe(string fileName, IReadOnlyList<ImportError> errors, int errorCount)
    {
        var total = Math.Max(errorCount, errors.Count);
        var text = new StringBuilder();
        text.Append(fileName).Append(": rejected, ").Append(total).Append(total == 1 ? " error" : " errors");
        foreach (var error in errors.Take(ErrorsInMessage))
        {
            text.Append('\n').Append("  ").Append(error);
        }

        if (total > ErrorsInMessage)
        {
            text.Append('\n').Append("  ... and ").Append(total - ErrorsInMessage).Append(" more");
        }

        return text.ToString();
    }
}
