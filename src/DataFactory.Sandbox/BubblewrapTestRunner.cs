using DataFactory.Core.Verification.Code;
using DataFactory.Sandbox.Bubblewrap;
using DataFactory.Sandbox.Python;

namespace DataFactory.Sandbox;

/// <summary>
/// Runs candidate Python programs with their unit tests under bubblewrap (see README, "Code
/// verification sandbox"): no network, a read-only system, a private size-limited <c>/tmp</c>, nothing
/// of the worker's files or environment, and wall-clock, CPU-time, memory, process and output
/// limits from <see cref="SandboxOptions"/>. Until the sandbox has once run a known-good program
/// here, every run first tries that; while it fails (bubblewrap missing, no user namespaces, a
/// machine too loaded to start it) runs report <see cref="CodeTestOutcome.Unavailable"/> with the
/// reason, and no code runs anywhere else. Nothing is cached but success, so installing bubblewrap
/// needs no restart. Thread-safe; at most <see cref="SandboxOptions.EffectiveConcurrency"/> sandboxes
/// run at once.
/// </summary>
public sealed class BubblewrapTestRunner : ICodeTestRunner, IDisposable
{
    private const string ProbeCode = "def probe():\n    return 42\n";
    private const string ProbeTests = "assert probe() == 42\n";

    private readonly SandboxOptions _options;
    private readonly bool _asRoot;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _probe = new(1, 1);
    private volatile bool _works;

    /// <summary>A runner with the given limits.</summary>
    /// <exception cref="ArgumentException">A setting is invalid (<see cref="SandboxOptions.Validate"/>).</exception>
    public BubblewrapTestRunner(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _asRoot = Environment.IsPrivilegedProcess;
        _slots = new SemaphoreSlim(options.EffectiveConcurrency, options.EffectiveConcurrency);
    }

    /// <summary>Why the sandbox cannot run code on this machine, or null when it works (once it has, it is not tried again).</summary>
    public string? CheckAvailability() => CheckAvailabilityAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="CheckAvailability"/>
    public async Task<string?> CheckAvailabilityAsync(CancellationToken cancellationToken)
    {
        if (_works)
        {
            return null;
        }

        if (MissingProgram() is { } missing)
        {
            return missing;
        }

        await _probe.WaitAsync(cancellationToken);
        try
        {
            if (_works)
            {
                return null;
            }

            var probe = await RunInSandboxAsync(ProbeCode, ProbeTests, cancellationToken);
            _works = probe.Outcome == CodeTestOutcome.Passed;
            return _works ? null : $"the sandbox does not work here: {probe.Detail}";
        }
        finally
        {
            _probe.Release();
        }
    }

    /// <inheritdoc />
    public CodeTestResult Run(string code, string tests) =>
        // The verifier contract is synchronous; the waiting is on a child process, not on this pool.
        RunAsync(code, tests, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="code"/> and then <paramref name="tests"/> in a fresh sandbox.</summary>
    public async Task<CodeTestResult> RunAsync(string code, string tests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(tests);
        return await CheckAvailabilityAsync(cancellationToken) is { } reason
            ? new CodeTestResult(CodeTestOutcome.Unavailable, null, null, reason)
            : await RunInSandboxAsync(code, tests, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _slots.Dispose();
        _probe.Dispose();
    }

    private async Task<CodeTestResult> RunInSandboxAsync(string code, string tests, CancellationToken cancellationToken)
    {
        var command = BubblewrapCommand.Build(_options, _asRoot, PythonHarness.Command(_options));
        CodeTestResult result;
        var attempt = 0;
        do
        {
            var (nonce, input) = PythonHarness.Input(code, tests);
            var run = await RunOnceAsync(command, input, cancellationToken);
            result = RunResult.Interpret(run, HarnessReport.Parse(run.Output, nonce), _options);

            // A sandbox that failed to come up (a transient ENOMEM or EAGAIN on a loaded machine) ran none
            // of the candidate's code, so one more try is safe; a sandbox too slow to start is not retried.
            if (result.Outcome != CodeTestOutcome.Unavailable || run.TimedOut)
            {
                break;
            }
        }
        while (++attempt < 2);

        return result;
    }

    private async Task<ProcessRun> RunOnceAsync(IReadOnlyList<string> command, byte[] input, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await SandboxProcess.RunAsync(
                command,
                input,
                TimeSpan.FromSeconds(_options.StartupSeconds),
                TimeSpan.FromSeconds(_options.WallClockSeconds),
                _options.MaxOutputBytes,
                cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private string? MissingProgram()
    {
        if (!File.Exists(_options.BubblewrapPath))
        {
            return $"bubblewrap is not installed: {_options.BubblewrapPath} does not exist (install the Debian package bubblewrap); code is never run without it";
        }

        if (!File.Exists(_options.PythonPath))
        {
            return $"{_options.PythonPath} does not exist (install the Debian package python3)";
        }

        return _asRoot && !File.Exists(_options.SetprivPath)
            ? $"{_options.SetprivPath} does not exist (Debian package util-linux); as root it is needed to run the sandbox unprivileged"
            : null;
    }
}
