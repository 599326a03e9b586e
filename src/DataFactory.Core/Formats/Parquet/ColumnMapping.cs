namespace DataFactory.Core.Formats.Parquet;

/// <summary>
/// <c>--prompt-column</c>, <c>--answer-column</c> and <c>--id-column</c>: which Parquet column becomes
/// the format's prompt, answer and id field. A mapping needs a format with those fields (generic,
/// gsm8k or math); with <c>auto</c> it means math (a problem, its gold answer or a solution with a
/// <c>\boxed{}</c> answer), the common layout of the Hub's reasoning sets.
/// </summary>
internal sealed class ColumnMapping
{
    private ColumnMapping(ProblemFormat format, Dictionary<string, string> columnToField)
    {
        Format = format;
        ColumnToField = columnToField;
        FieldSources = columnToField.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }

    /// <summary>The format the rows are parsed in.</summary>
    public ProblemFormat Format { get; }

    /// <summary>Source column → the field it becomes.</summary>
    public IReadOnlyDictionary<string, string> ColumnToField { get; }

    /// <summary>Field → the source column it came from, for error messages.</summary>
    public IReadOnlyDictionary<string, string> FieldSources { get; }

    /// <summary>The name a column has in the row's JSON object, or null when another column takes its name.</summary>
    public string? FieldOf(string column)
    {
        if (ColumnToField.TryGetValue(column, out var field))
        {
            return field;
        }

        // A column named like a mapped field (a second "answer" column) gives way to the mapped one.
        return FieldSources.ContainsKey(column) ? null : column;
    }

    public static ColumnMapping For(ImportOptions options)
    {
        var columnToField = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.PromptColumn is null && options.AnswerColumn is null && options.IdColumn is null)
        {
            return new ColumnMapping(options.Format, columnToField);
        }

        var format = options.Format == ProblemFormat.Auto ? ProblemFormat.Math : options.Format;
        var promptField = format switch
        {
            ProblemFormat.Generic => "prompt",
            ProblemFormat.Gsm8k => "question",
            ProblemFormat.Math => "problem",
            _ => throw new ArgumentException(
                $"Column mapping needs the generic, gsm8k or math format, not {format.ToName()}.", "--format"),
        };

        Add(columnToField, options.PromptColumn, promptField, "--prompt-column");
        Add(columnToField, options.AnswerColumn, "answer", "--answer-column");
        Add(columnToField, options.IdColumn, "id", "--id-column");
        return new ColumnMapping(format, columnToField);
    }

    private static void Add(Dictionary<string, string> map, string? column, string field, string option)
    {
        if (column is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(column) || !map.TryAdd(column, field))
        {
            throw new ArgumentException($"{option} '{column}' is empty or names a column already mapped.", option);
        }
    }
}
