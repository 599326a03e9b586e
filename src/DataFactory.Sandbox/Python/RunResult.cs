using DataFactory.Core.Verification.Code;
using DataFactory.Sandbox.Bubblewrap;

namespace DataFactory.Sandbox.Python;

/// <summary>
/// Turns how the sandboxed harness process ended, and what it reported, into a
/// <see cref="CodeTestResult"/>. A run whose harness never reported that it started is a sandbox
/// failure (unavailable), never the candidate's fault.
/// </summary>
internal static class RunResult
{
    private const int SignalExit = 128;
    private const int SigXcpu = 24;

    public static CodeTestResult Interpret(ProcessRun run, HarnessReport report, SandboxOptions options)
    {
        if (run.StartError is { } startError)
        {
            return Result(CodeTestOutcome.Unavailable, startError);
        }

        if (run.OutputExceeded)
        {
            return Result(CodeTestOutcome.OutputLimitExceeded, $"killed at the output cap of {Size(options.MaxOutputBytes)}");
        }

        if (!report.Started)
        {
            return Result(CodeTestOutcome.Unavailable, run.TimedOut
                ? $"the sandbox did not start within {options.StartupSeconds} s"
                : $"the sandbox did not start (exit code {run.ExitCode}): {FirstLine(run.ErrorHead)}");
        }

        if (run.TimedOut)
        {
            return Result(CodeTestOutcome.TimedOut, $"killed at the wall-clock limit of {options.WallClockSeconds} s");
        }

        if (report.Finished)
        {
            if (report.Invalid is { } invalid)
            {
                return Result(CodeTestOutcome.InvalidTests, invalid);
            }

            return report.Failure is null && report.Total is { } total && report.Passed == total
                ? new CodeTestResult(CodeTestOutcome.Passed, total, total, "every test passed")
                : new CodeTestResult(CodeTestOutcome.Failed, report.Passed, report.Total, report.Failure ?? "a test failed");
        }

        return run.ExitCode switch
        {
            SignalExit + SigXcpu => Result(CodeTestOutcome.CpuLimitExceeded, $"killed at the CPU-time limit of {options.CpuSeconds} s"),
            > SignalExit and var code => Result(CodeTestOutcome.Crashed, $"killed by {SignalName(code - SignalExit)} before the tests finished{Tail(run.ErrorHead)}"),
            var code => Result(CodeTestOutcome.Crashed, $"exited with code {code} before the tests finished"),
        };
    }

    private static CodeTestResult Result(CodeTestOutcome outcome, string detail) => new(outcome, null, null, detail);

    private static string SignalName(int signal) => signal switch
    {
        6 => "SIGABRT",
        9 => "SIGKILL (the CPU-time hard limit, or out of memory)",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        25 => "SIGXFSZ",
        _ => $"signal {signal}",
    };

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return line.Length <= 300 ? line : line[..300];
    }

    private static string Tail(string error)
    {
        var last = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is null ? string.Empty : $": {(last.Length <= 300 ? last : last[..300])}";
    }

    private static string Size(int bytes) => bytes switch
    {
        _ when bytes % (1 << 20) == 0 => $"{bytes >> 20} MiB",
        _ when bytes % 1024 == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes:N0} bytes",
    };
}
