using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Storage.Schema;

/// <summary>The text stored for enum columns, shared by the EF converters and the hand-written SQL.</summary>
internal static class ColumnNames
{
    public const string RunQueued = "queued";
    public const string RunRunning = "running";
    public const string RunDone = "done";
    public const string AttemptDone = "done";
    public const string AttemptFailed = "failed";
    public const string VerdictCorrect = "correct";
    public const string VerdictIncorrect = "incorrect";
    public const string VerdictUnparseable = "unparseable";
    public const string VerdictUnsupported = "unsupported";

    public static string Of(VerdictStatus status) => status switch
    {
        VerdictStatus.Correct => VerdictCorrect,
        VerdictStatus.Incorrect => VerdictIncorrect,
        VerdictStatus.Unparseable => VerdictUnparseable,
        VerdictStatus.Unsupported => VerdictUnsupported,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown verdict status."),
    };

    public static string Of(RunState state) => state switch
    {
        RunState.Queued => RunQueued,
        RunState.Running => RunRunning,
        RunState.Done => RunDone,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown run state."),
    };

    public static RunState ParseRunState(string name) => name switch
    {
        RunQueued => RunState.Queued,
        RunRunning => RunState.Running,
        RunDone => RunState.Done,
        _ => throw new FormatException($"Unknown run state '{name}' in the store."),
    };

    public static string Of(AttemptStatus status) => status switch
    {
        AttemptStatus.Done => AttemptDone,
        AttemptStatus.Failed => AttemptFailed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown attempt status."),
    };

    public static AttemptStatus ParseAttemptStatus(string name) => name switch
    {
        AttemptDone => AttemptStatus.Done,
        AttemptFailed => AttemptStatus.Failed,
        _ => throw new FormatException($"Unknown attempt status '{name}' in the store."),
    };

    public static TaskKind ParseKind(string name) =>
        TaskKinds.TryParse(name, out var kind) ? kind : throw new FormatException($"Unknown task kind '{name}' in the store.");
}
