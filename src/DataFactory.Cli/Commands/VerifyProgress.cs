using System.Diagnostics;
using System.Globalization;

namespace DataFactory.Cli.Commands;

/// <summary>
/// A one-line progress counter on a terminal's stderr. Quiet for the first second, so short runs
/// print nothing, then redrawn at most four times a second.
/// </summary>
internal sealed class VerifyProgress(TextWriter error)
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastDrawn;
    private bool _drawn;

    public void Report(long lines)
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_started, now) < QuietPeriod || (_drawn && Stopwatch.GetElapsedTime(_lastDrawn, now) < Interval))
        {
            return;
        }

        var seconds = Stopwatch.GetElapsedTime(_started, now).TotalSeconds;
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\rverified {lines:N0} lines ({lines / seconds:N0}/s)"));
        error.Flush();
        _lastDrawn = now;
        _drawn = true;
    }

    public void Complete()
    {
        if (_drawn)
        {
            error.Write("\r\u001b[K");
            error.Flush();
        }
    }
}
