using System.Diagnostics;
using System.Text;

namespace DataFactory.IntegrationTests;

/// <summary>Runs the real <c>datafactory</c> command as a child process with the factory's environment.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
    }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public string Error { get { lock (_error) { return _error.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(RepoPaths.Cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new CliProcess(Process.Start(start)!);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process._process.StandardInput.Write(stdin);
            process._process.StandardInput.Close();
        }

        return process;
    }

    /// <summary>Runs to completion and returns (exit code, stdout, stderr).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        IReadOnlyDictionary<string, string> environment, string? stdin, params string[] arguments)
    {
        await using var process = Start(environment, stdin, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output, process.Error);
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash or an out-of-memory kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it.</summary>
    public Task StopAsync() => SignalAsync("TERM");

    /// <summary>Exit code once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until standard error satisfies <paramref name="seen"/> (or the process exits, or the time is up); true when it does.</summary>
    public async Task<bool> WaitForErrorAsync(Func<string, bool> seen, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (seen(Error))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return seen(Error);
    }

    /// <summary>Sends a signal (TERM, INT, ...) and waits up to a minute for the process to exit.</summary>
    public async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
