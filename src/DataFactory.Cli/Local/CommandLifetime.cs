using Microsoft.Extensions.Hosting;

namespace DataFactory.Cli.Local;

/// <summary>
/// The lifetime of a host that a command starts and stops itself: no console signal handling of its
/// own. The default console lifetime would take Ctrl+C and SIGTERM and stop the host under the
/// command; with this one the signals reach the command (<see cref="Settings.CommandSignals"/>), which
/// stops the host after its batch in hand.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
