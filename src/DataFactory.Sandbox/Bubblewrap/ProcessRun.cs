namespace DataFactory.Sandbox.Bubblewrap;

/// <summary>
/// How one sandboxed process ended: its exit code (bubblewrap reports a child killed by signal N as
/// 128 + N; null when it was killed from outside), whether the wall clock or the output cap ended it,
/// standard output (at most the cap), the start of standard error, and how long it took.
/// </summary>
internal sealed record ProcessRun(
    int? ExitCode,
    bool TimedOut,
    bool OutputExceeded,
    byte[] Output,
    string ErrorHead,
    TimeSpan Elapsed,
    string? StartError = null);
