using DataFactory.Worker.Options;

namespace DataFactory.Worker.Hosting;

/// <summary>Delays between start checks of a service that is not up yet: doubling from the retry minimum to its maximum.</summary>
internal sealed class StartBackoff(WorkerOptions options)
{
    private TimeSpan _next = TimeSpan.FromMilliseconds(Math.Max(options.RetryMinMilliseconds, 250));

    public TimeSpan Next()
    {
        var delay = _next;
        var doubled = _next * 2;
        var max = TimeSpan.FromMilliseconds(options.RetryMaxMilliseconds);
        _next = doubled < max ? doubled : max;
        return delay;
    }
}
