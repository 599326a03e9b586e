using System.Buffers;
using System.Text.Json;
using Parquet;

namespace DataFactory.Core.Formats.Parquet;

/// <summary>
/// Reads problems from a Parquet file or a folder of Parquet shards (the Hugging Face Hub's
/// <c>data/train-*.parquet</c> layout), one row group at a time. Each row is read into the same JSON
/// object a JSON Lines line would be (its top-level scalar columns by name, renamed by the column
/// mapping) and parsed by the same format presets, so presets, ids, validation, all-or-nothing and
/// <c>--skip-invalid</c> behave as for JSON Lines. Errors read <c>file:row: column: message</c>.
/// </summary>
/// <remarks>
/// Memory: the reader holds one row group's columns at a time (plus the problems read, as the JSON
/// Lines reader does). Nested and list columns (NuminaMath's <c>messages</c>) are not read.
/// </remarks>
public static class ParquetProblemReader
{
    /// <summary>Whether <paramref name="path"/> is read as Parquet: a <c>.parquet</c> file or a folder.</summary>
    public static bool IsParquet(string path) =>
        Directory.Exists(path) || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the file, or every <c>.parquet</c> file under the folder in path order; errors name each file as found.</summary>
    /// <exception cref="ProblemImportException">The input is rejected.</exception>
    public static async Task<ImportResult> ReadAsync(string path, ImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var files = Shards(path);
        var mapping = ColumnMapping.For(options);
        var session = new ImportSession(files[0], options with { Format = mapping.Format }, unit: "row") { FieldSources = mapping.FieldSources };
        var ordinal = 0;
        foreach (var file in files)
        {
            session.BeginFile(file);
            ordinal = await ReadFileAsync(file, mapping, session, ordinal, cancellationToken);
        }

        session.BeginFile(path);
        return session.Finish(ordinal);
    }

    private static List<string> Shards(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }

        var files = Directory.EnumerateFiles(path, "*.parquet", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ProblemImportException(path, [new ImportError(path, 0, null, "the folder holds no .parquet file")], 1);
        }

        return files;
    }

    private static async Task<int> ReadFileAsync(string file, ColumnMapping mapping, ImportSession session, int ordinal, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is ParquetException or IOException or InvalidDataException or NotSupportedException)
        {
            throw new ProblemImportException(file, [new ImportError(file, 0, null, $"not a readable Parquet file: {exception.Message}")], 1);
        }

        await using (reader)
        {
            var columns = ParquetColumns.Select(reader.Schema, mapping, file);
            var buffer = new ArrayBufferWriter<byte>(4096);
            var row = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var groupReader = reader.OpenRowGroupReader(group);
                var count = checked((int)groupReader.RowCount);
                var values = new ParquetColumnValues[columns.Count];
                for (var c = 0; c < columns.Count; c++)
                {
                    values[c] = await ParquetColumnValues.ReadAsync(groupReader, columns[c], count, cancellationToken);
                }

                for (var r = 0; r < count; r++)
                {
                    buffer.ResetWrittenCount();
                    using (var json = new Utf8JsonWriter(buffer))
                    {
                        json.WriteStartObject();
                        foreach (var column in values)
                        {
                            column.Write(json, r);
                        }

                        json.WriteEndObject();
                    }

                    using var document = JsonDocument.Parse(buffer.WrittenMemory);
                    session.AcceptRecord(++row, ++ordinal, document.RootElement);
                }
            }
        }

        return ordinal;
    }
}
