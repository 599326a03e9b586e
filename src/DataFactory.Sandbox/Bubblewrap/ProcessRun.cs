namespace DataFactory.Sandbox.Bubblewrap;

/// <summary>
/// How one sandboxed process ended: its exit code (bubblewrap reports a child killed by signal N as
/// 128 + N; null when it was killed from outside), whether a time limit or the output cap ended it,
/// standard output (at most the cap), the start of standard error, how long it took, whether it
/// wrote its first line (started), and why it could not be started at all.
/// </summary>
internal sealed record ProcessRun(
    int? ExitCode,
    bool TimedOut,
    bool OutputExceeded,
    byte[] Output,
    string ErrorHead,
    TimeSpan Elapsed,
    bool Started,
    string? StartError = null);
