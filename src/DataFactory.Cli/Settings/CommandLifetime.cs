using Microsoft.Extensions.Hosting;

namespace DataFactory.Cli.Settings;

/// <summary>
/// The lifetime of a host that a command starts and stops itself (the demo): no console signal
/// handling of its own. The default console lifetime takes Ctrl+C and SIGTERM for the host and only
/// signals the application to stop, which a command that never waits for that signal ignores; with
/// this lifetime the signals reach the command line, which cancels the command's token.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
