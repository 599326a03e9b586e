using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace DataFactory.Sandbox.Bubblewrap;

/// <summary>
/// Runs one process with its time limits and the output cap enforced from outside: standard input is
/// written and closed, standard output and error are read concurrently and counted together, and at
/// a limit or the cap the process and its descendants are killed. The process has
/// <c>startup</c> to write its first line to standard output (the harness does so just before the
/// candidate's code runs), then <c>wallClock</c> from that line on. The child gets an empty
/// environment: not even bubblewrap sees the caller's variables.
/// </summary>
internal static class SandboxProcess
{
    private const int ErrorHeadBytes = 4_096;
    private const int ChunkBytes = 16_384;

    // After a kill, how long the pipes may take to close: every holder is in the killed namespace.
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    public static async Task<ProcessRun> RunAsync(
        IReadOnlyList<string> command, byte[] input, TimeSpan startup, TimeSpan wallClock, int maxOutputBytes, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        for (var i = 1; i < command.Count; i++)
        {
            start.ArgumentList.Add(command[i]);
        }

        start.Environment.Clear();
        using var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new ProcessRun(null, false, false, [], string.Empty, clock.Elapsed, false, $"cannot start {command[0]}: {e.Message}");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(startup);
        var started = new StartSignal(() => limit.CancelAfter(wallClock));
        var counter = new OutputCounter(maxOutputBytes, () => Kill(process));
        var output = new MemoryStream();
        var errorHead = new MemoryStream();
        var reading = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, output, int.MaxValue, counter, started),
            PumpAsync(process.StandardError.BaseStream, errorHead, ErrorHeadBytes, counter, null));
        var writing = WriteInputAsync(process.StandardInput.BaseStream, input, limit.Token);

        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
            await reading.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = !counter.Exceeded;
        }
        finally
        {
            Kill(process);
        }

        try
        {
            await Task.WhenAll(reading, writing).WaitAsync(DrainAfterKill, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // A pipe holder survived the kill; what was read so far is the result.
        }

        cancellationToken.ThrowIfCancellationRequested();
        int? exitCode = process.HasExited && !timedOut && !counter.Exceeded ? process.ExitCode : null;
        return new ProcessRun(exitCode, timedOut, counter.Exceeded, output.ToArray(), Encoding.UTF8.GetString(errorHead.ToArray()), clock.Elapsed, started.Fired);
    }

    private static async Task WriteInputAsync(Stream stdin, byte[] input, CancellationToken cancellationToken)
    {
        try
        {
            await stdin.WriteAsync(input, cancellationToken);
            await stdin.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The process ended (or was killed) before it read everything: its result says why.
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (IOException)
            {
                // Closing a broken pipe.
            }
        }
    }

    private static async Task PumpAsync(Stream from, MemoryStream to, int keep, OutputCounter counter, StartSignal? started)
    {
        var buffer = new byte[ChunkBytes];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                if (started is not null && buffer.AsSpan(0, read).Contains((byte)'\n'))
                {
                    started.Fire();
                    started = null;
                }

                var room = Math.Min(read, keep - (int)to.Length);
                if (room > 0)
                {
                    to.Write(buffer, 0, room);
                }

                if (!counter.Add(read))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke when the process was killed.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited in between.
        }
    }

    /// <summary>The first line on standard output: the start of the candidate's time.</summary>
    private sealed class StartSignal(Action onFire)
    {
        private int _fired;

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _fired, 1) == 0)
            {
                onFire();
            }
        }
    }

    /// <summary>Bytes read from both pipes; past the cap it kills once and tells the readers to stop.</summary>
    private sealed class OutputCounter(int max, Action kill)
    {
        private long _total;
        private int _killed;

        public bool Exceeded => Volatile.Read(ref _killed) == 1;

        public bool Add(int bytes)
        {
            if (Interlocked.Add(ref _total, bytes) <= max)
            {
                return true;
            }

            if (Interlocked.Exchange(ref _killed, 1) == 0)
            {
                kill();
            }

            return false;
        }
    }
}
