using System.Runtime.InteropServices;

namespace DataFactory.Cli.Settings;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM cancel the command's token instead of ending the process, so a command
/// stops where it can stop cleanly (no half-written file, the batch in hand committed or released)
/// and exits 130. The runtime's default for SIGTERM ends the process at once with 143, and a generic
/// host's console lifetime would only stop the host under the command; both are kept out.
/// </summary>
internal sealed class CommandSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly PosixSignalRegistration[] _registrations;

    private CommandSignals(CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    /// <summary>Cancelled by Ctrl+C, SIGTERM or the outer token.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>True once a signal arrived.</summary>
    public bool Signalled { get; private set; }

    public static CommandSignals Listen(CancellationToken outer) => new(outer);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // A second signal while the command winds down falls through to the default: the process ends.
        if (Signalled)
        {
            return;
        }

        context.Cancel = true;
        Signalled = true;
        _cancel.Cancel();
    }
}
