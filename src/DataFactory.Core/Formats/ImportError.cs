namespace DataFactory.Core.Formats;

/// <summary>
/// One problem with a problem file. <paramref name="Line"/> is 1-based, or 0 for an error about the
/// whole file; <paramref name="Field"/> is a JSON path such as <c>numbers[2]</c>, or null when the
/// error concerns the whole line.
/// </summary>
/// <param name="File">The file name as the caller gave it.</param>
/// <param name="Line">The 1-based line number, or 0 for the whole file.</param>
/// <param name="Field">The JSON path of the offending field, or null.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record ImportError(string File, int Line, string? Field, string Message)
{
    /// <summary>Formats the error as <c>file:line: field: message</c>, leaving out what is absent.</summary>
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}:{Line}" : File;
        return Field is null ? $"{location}: {Message}" : $"{location}: {Field}: {Message}";
    }
}
