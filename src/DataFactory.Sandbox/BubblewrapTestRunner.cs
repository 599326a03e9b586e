using DataFactory.Core.Verification.Code;
using DataFactory.Sandbox.Bubblewrap;
using DataFactory.Sandbox.Python;

namespace DataFactory.Sandbox;

/// <summary>
/// Runs candidate Python programs with their unit tests under bubblewrap (see README, "Code
/// verification sandbox"): no network, a read-only system, a private size-limited <c>/tmp</c>, nothing
/// of the worker's files or environment, and wall-clock, CPU-time, memory, process and output
/// limits from <see cref="SandboxOptions"/>. Before its first run it checks, once, that the sandbox
/// works here by running a known-good program in it; when it does not (bubblewrap missing, no user
/// namespaces) every run reports <see cref="CodeTestOutcome.Unavailable"/> with the reason, and no
/// code runs anywhere else. Thread-safe; at most <see cref="SandboxOptions.EffectiveConcurrency"/>
/// sandboxes run at once.
/// </summary>
public sealed class BubblewrapTestRunner : ICodeTestRunner, IDisposable
{
    private const string ProbeCode = "def probe():\n    return 42\n";
    private const string ProbeTests = "assert probe() == 42\n";

    private readonly SandboxOptions _options;
    private readonly bool _asRoot;
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<string?> _unavailable;

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
        _unavailable = new Lazy<string?>(Probe, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Why the sandbox cannot run code on this machine, or null when it works (checked once, on first use).</summary>
    public string? UnavailableReason => _unavailable.Value;

    /// <inheritdoc />
    public CodeTestResult Run(string code, string tests) =>
        // The verifier contract is synchronous; the waiting is on a child process, not on this pool.
        RunAsync(code, tests, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="code"/> and then <paramref name="tests"/> in a fresh sandbox.</summary>
    public async Task<CodeTestResult> RunAsync(string code, string tests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(tests);
        return UnavailableReason is { } reason
            ? new CodeTestResult(CodeTestOutcome.Unavailable, null, null, reason)
            : await RunInSandboxAsync(code, tests, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private async Task<CodeTestResult> RunInSandboxAsync(string code, string tests, CancellationToken cancellationToken)
    {
        var command = BubblewrapCommand.Build(_options, _asRoot, PythonHarness.Command(_options));
        var (nonce, input) = PythonHarness.Input(code, tests);
        await _slots.WaitAsync(cancellationToken);
        ProcessRun run;
        try
        {
            run = await SandboxProcess.RunAsync(command, input, TimeSpan.FromSeconds(_options.WallClockSeconds), _options.MaxOutputBytes, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }

        return RunResult.Interpret(run, HarnessReport.Parse(run.Output, nonce), _options);
    }

    private string? Probe()
    {
        if (!File.Exists(_options.BubblewrapPath))
        {
            return $"bubblewrap is not installed: {_options.BubblewrapPath} does not exist (install the Debian package bubblewrap); code is never run without it";
        }

        if (!File.Exists(_options.PythonPath))
        {
            return $"{_options.PythonPath} does not exist (install the Debian package python3)";
        }

        if (_asRoot && !File.Exists(_options.SetprivPath))
        {
            return $"{_options.SetprivPath} does not exist (Debian package util-linux); as root it is needed to run the sandbox unprivileged";
        }

        var probe = RunInSandboxAsync(ProbeCode, ProbeTests, CancellationToken.None).GetAwaiter().GetResult();
        return probe.Outcome == CodeTestOutcome.Passed ? null : $"the sandbox does not work here: {probe.Detail}";
    }
}
