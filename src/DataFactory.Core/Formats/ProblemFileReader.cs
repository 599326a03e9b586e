namespace DataFactory.Core.Formats;

/// <summary>
/// Reads a JSON Lines problem file, one problem per line, streaming it with a buffer bounded by
/// <see cref="ImportOptions.MaxLineBytes"/>. Blank lines are skipped but counted. Lines must be
/// strict UTF-8 JSON objects; ids must be unique within the file.
/// </summary>
/// <remarks>
/// Every invalid line becomes an <see cref="ImportError"/> naming the file, the line and the field.
/// Unless <see cref="ImportOptions.SkipInvalid"/> is set, one invalid line rejects the file: the
/// whole file is still read so that every error is reported, then <see cref="ProblemImportException"/>
/// is thrown and no problem is returned. An empty file, or one with no valid line, is rejected too.
/// I/O failures (a missing file, a read error) are not caught.
/// </remarks>
public static class ProblemFileReader
{
    /// <summary>Reads the file at <paramref name="path"/>; errors name it as given.</summary>
    /// <exception cref="ProblemImportException">The file is rejected.</exception>
    public static ImportResult Read(string path, ImportOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // The line reader buffers; the file stream need not.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Read(stream, path, options);
    }

    /// <summary>Reads problems from <paramref name="stream"/>, naming it <paramref name="fileName"/> in errors.</summary>
    /// <exception cref="ProblemImportException">The file is rejected.</exception>
    public static ImportResult Read(Stream stream, string fileName, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxLineBytes, ImportOptions.MaxMaxLineBytes, nameof(options));
        if (!Enum.IsDefined(options.Format))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Unknown problem format.");
        }

        var session = new ImportSession(fileName, options);
        var reader = new JsonLineReader(stream, options.MaxLineBytes);
        while (reader.TryReadLine(out var line))
        {
            session.Accept(line);
        }

        return session.Finish(reader.LinesRead);
    }
}
