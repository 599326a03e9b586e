using DataFactory.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Hosting;

/// <summary>
/// Tries the code sandbox when the host starts and says in the log whether code problems can be
/// verified. A missing sandbox does not stop the worker: code candidates get unsupported verdicts
/// (and the sandbox is tried again on each, so installing bubblewrap needs no restart).
/// </summary>
internal sealed class SandboxCheck(BubblewrapTestRunner sandbox, IOptions<SandboxOptions> options, ILogger<SandboxCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await sandbox.CheckAvailabilityAsync(cancellationToken) is { } reason)
        {
            Log.SandboxUnavailable(logger, reason);
        }
        else
        {
            var o = options.Value;
            Log.SandboxReady(logger, o.WallClockSeconds, o.CpuSeconds, o.MemoryMegabytes, o.MaxProcesses, o.EffectiveConcurrency);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
