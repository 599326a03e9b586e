namespace DataFactory.Deploy.Tests;

/// <summary>A Dockerfile's instructions, continuation lines joined and comments dropped.</summary>
internal sealed record Dockerfile(string Name, IReadOnlyList<(string Instruction, string Arguments)> Instructions)
{
    public static Dockerfile Read(string path)
    {
        var instructions = new List<(string, string)>();
        var current = string.Empty;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var space = current.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((current[..space].ToUpperInvariant(), current[(space + 1)..].Trim()));
            current = string.Empty;
        }

        return new Dockerfile(Path.GetFileName(path), instructions);
    }

    /// <summary>Sources of COPY instructions that copy from the build context (not <c>--from</c> a stage).</summary>
    public IEnumerable<string> ContextSources() =>
        Instructions.Where(i => i.Instruction == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1));

    public string Run => string.Join('\n', Instructions.Where(i => i.Instruction == "RUN").Select(i => i.Arguments));

    public string FinalBase => Instructions.Last(i => i.Instruction == "FROM").Arguments;
}
