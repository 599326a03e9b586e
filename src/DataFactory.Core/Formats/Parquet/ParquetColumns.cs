using Parquet.Schema;

namespace DataFactory.Core.Formats.Parquet;

/// <summary>The columns of a Parquet file that become fields of a row: its top-level scalar columns.</summary>
internal static class ParquetColumns
{
    public static List<(DataField Field, string Name)> Select(ParquetSchema schema, ColumnMapping mapping, string file)
    {
        var selected = new List<(DataField, string)>();
        foreach (var field in schema.Fields)
        {
            // Lists and structs (a chat's messages) are no problem field; a column of a type no
            // format reads (dates, binary) is left out too.
            if (field is not DataField data || data.IsArray || data.MaxRepetitionLevel > 0 || !ParquetColumnValues.IsSupported(data))
            {
                continue;
            }

            if (mapping.FieldOf(data.Name) is { } name)
            {
                selected.Add((data, name));
            }
        }

        foreach (var column in mapping.ColumnToField.Keys)
        {
            if (!selected.Exists(s => s.Item1.Name == column))
            {
                var exists = schema.Fields.Any(f => f.Name == column);
                var message = exists
                    ? $"column '{column}' is not a text, number or boolean column"
                    : $"no column '{column}'; the columns are {string.Join(", ", schema.Fields.Select(f => f.Name))}";
                throw new ProblemImportException(file, [new ImportError(file, 0, null, message)], 1);
            }
        }

        return selected;
    }
}
