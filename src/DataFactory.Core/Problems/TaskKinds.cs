namespace DataFactory.Core.Problems;

/// <summary>The wire names of <see cref="TaskKind"/> used in files, messages, the store and the CLI.</summary>
public static class TaskKinds
{
    private static readonly Dictionary<string, TaskKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["math"] = TaskKind.Math,
        ["exact"] = TaskKind.Exact,
        ["multiple-choice"] = TaskKind.MultipleChoice,
        ["multiple_choice"] = TaskKind.MultipleChoice,
        ["mc"] = TaskKind.MultipleChoice,
        ["game24"] = TaskKind.Game24,
        ["24"] = TaskKind.Game24,
        ["countdown"] = TaskKind.Countdown,
        ["cipher"] = TaskKind.Cipher,
        ["code"] = TaskKind.Code,
    };

    /// <summary>All kinds with their canonical names, in declaration order.</summary>
    public static IReadOnlyList<TaskKind> All { get; } = Enum.GetValues<TaskKind>();

    /// <summary>The canonical name: math, exact, multiple-choice, game24, countdown, cipher, code.</summary>
    public static string ToName(this TaskKind kind) => kind switch
    {
        TaskKind.Math => "math",
        TaskKind.Exact => "exact",
        TaskKind.MultipleChoice => "multiple-choice",
        TaskKind.Game24 => "game24",
        TaskKind.Countdown => "countdown",
        TaskKind.Cipher => "cipher",
        TaskKind.Code => "code",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown task kind."),
    };

    /// <summary>Parses a canonical name or an accepted alias, ignoring case.</summary>
    public static bool TryParse(string? name, out TaskKind kind)
    {
        if (name is not null && ByName.TryGetValue(name.Trim(), out kind))
        {
            return true;
        }

        kind = default;
        return false;
    }

    /// <summary>The accepted names, for error messages.</summary>
    public static string Names => "math, exact, multiple-choice, game24, countdown, cipher, code";
}
