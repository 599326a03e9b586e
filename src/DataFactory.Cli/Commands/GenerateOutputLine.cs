namespace DataFactory.Cli.Commands;

/// <summary>One JSON line of <c>datafactory generate</c>: a candidate.</summary>
internal sealed record GenerateOutputLine(
    int Index,
    string Text,
    IReadOnlyList<int> TokenIds,
    int TokenCount,
    string FinishReason,
    double TokensPerSecond,
    double? LogProbSum);
