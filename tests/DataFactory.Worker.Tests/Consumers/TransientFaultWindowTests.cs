using System.Net.Sockets;
using DataFactory.Worker.Consumers;
using DataFactory.Worker.Options;

namespace DataFactory.Worker.Tests.Consumers;

/// <summary>How long a batch's transient fault with one cause may recur before the batch is failed.</summary>
public sealed class TransientFaultWindowTests
{
    [Fact]
    public void The_same_cause_is_retried_within_the_window_and_given_up_beyond_it()
    {
        var clock = new ManualClock();
        var window = Window(clock, seconds: 300);
        Assert.Null(window.Record("batch", new TimeoutException("first")));
        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Null(window.Record("batch", new TimeoutException("again, other words")));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(301), window.Record("batch", new TimeoutException("still")));
    }

    [Fact]
    public void A_different_cause_starts_the_measure_again_and_success_ends_it()
    {
        var clock = new ManualClock();
        var window = Window(clock, seconds: 60);
        Assert.Null(window.Record("batch", new SocketException((int)SocketError.ConnectionRefused)));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(window.Record("batch", new TimeoutException()));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(window.Record("batch", new TimeoutException()));
        Assert.Null(window.Record("other batch", new TimeoutException()));

        window.Clear("batch");
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(window.Record("batch", new TimeoutException()));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.NotNull(window.Record("other batch", new TimeoutException()));
    }

    [Fact]
    public void A_window_of_zero_retries_until_the_fault_clears()
    {
        var clock = new ManualClock();
        var window = Window(clock, seconds: 0);
        Assert.Null(window.Record("batch", new TimeoutException()));
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Null(window.Record("batch", new TimeoutException()));
    }

    [Fact]
    public void The_cause_names_the_transient_exception_and_its_socket_error_but_not_its_message()
    {
        var refused = new IOException("wrapped", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal("System.IO.IOException", TransientFaults.Cause(new InvalidOperationException("outer", refused)));
        Assert.Equal("System.Net.Sockets.SocketException ConnectionRefused", TransientFaults.Cause(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.NotEqual(TransientFaults.Cause(new SocketException((int)SocketError.ConnectionRefused)), TransientFaults.Cause(new SocketException((int)SocketError.TimedOut)));
    }

    private static TransientFaultWindow Window(TimeProvider clock, int seconds) =>
        new(Microsoft.Extensions.Options.Options.Create(new WorkerOptions { TransientWindowSeconds = seconds }), clock);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
