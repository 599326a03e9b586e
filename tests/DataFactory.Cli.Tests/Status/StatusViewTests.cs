using DataFactory.Cli.Commands;
using DataFactory.Cli.Status;
using DataFactory.Core.Sampling;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Schema;

namespace DataFactory.Cli.Tests.Status;

/// <summary>What <c>datafactory status</c> prints: progress bars, recent rates, the queue line, and in-place redraws.</summary>
public sealed class StatusViewTests
{
    [Fact]
    public void Shows_a_bar_totals_recent_rates_and_time_left_per_run()
    {
        var run = Run(done: 30, failed: 0, total: 120, candidates: 480, verified: 96, traces: 60, tokens: 48_000);
        var text = StatusView.Render([run], new Dictionary<Guid, RunRate> { [run.RunId] = new(1.5, 24, 3, 2400, TimeSpan.FromSeconds(30)) }, null);

        Assert.Contains("[########......................] 25.0 %  30/120 problems (30 done, 0 failed, 90 queued)", text, StringComparison.Ordinal);
        Assert.Contains("acceptance 20.0 %", text, StringComparison.Ordinal);
        Assert.Contains("last 30s: 1.50 problems/s  24.0 candidates/s  3.0 traces/s  2400 tokens/s  eta 1m00s", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_work_queue_and_the_error_queue_or_why_the_broker_could_not_be_read()
    {
        var snapshot = new BrokerSnapshot(new QueueDepth("generate-traces", true, 12, 8, 2, 1.25, 0), QueueDepth.Missing("generate-traces_error"), null);
        var text = StatusView.Render([], null, snapshot);
        Assert.StartsWith("queue generate-traces: 12 ready, 8 in hand, 2 consumers, 1.2 acks/s, 0.0 redeliveries/s  |  generate-traces_error: 0 messages", text, StringComparison.Ordinal);
        Assert.Contains("no runs", text, StringComparison.Ordinal);

        Assert.StartsWith("broker: management API answered 401 Unauthorized", StatusView.Render([], null, BrokerSnapshot.Unavailable("management API answered 401 Unauthorized")), StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_each_models_queue_and_a_run_whose_queueing_stopped_with_the_command_that_resumes_it()
    {
        var snapshot = new BrokerSnapshot(new QueueDepth("generate-traces", true, 0, 0, 2, 0, 0), QueueDepth.Missing("generate-traces_error"), null)
        {
            Models = [(new QueueDepth("generate-traces.0123456789abcdef", true, 40, 8, 1, 2, 0), new QueueDepth("generate-traces.0123456789abcdef_error", true, 3, 0, 0, null, null))],
        };
        var stopped = Run(done: 0, failed: 0, total: 300, candidates: 0, verified: 0, traces: 0, tokens: 0) with { ProblemsSent = 256, QueueingComplete = false };
        var text = StatusView.Render([stopped], null, snapshot);

        Assert.Contains("queue generate-traces.0123456789abcdef: 40 ready, 8 in hand, 1 consumers, 2.0 acks/s, 0.0 redeliveries/s  |  generate-traces.0123456789abcdef_error: 3 messages", text, StringComparison.Ordinal);
        Assert.Contains($"queueing incomplete: 256/300 problems queued; unless 'datafactory run' is still sending, queue the rest with: datafactory run --resume {stopped.RunId}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("queueing incomplete", StatusView.Render([stopped with { QueueingComplete = true }], null, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Rates_cover_the_window_and_start_after_the_second_reading()
    {
        var rates = new RunRates(TimeSpan.FromSeconds(10));
        Assert.Null(rates.Add(Run(done: 0, failed: 0, total: 100, candidates: 0, verified: 0, traces: 0, tokens: 0), TimeSpan.Zero));
        var early = rates.Add(Run(done: 10, failed: 0, total: 100, candidates: 40, verified: 8, traces: 5, tokens: 4000), TimeSpan.FromSeconds(5))!;
        Assert.Equal(2.0, early.Problems, 6);
        Assert.Equal(800, early.Tokens, 6);
        rates.Add(Run(done: 20, failed: 0, total: 100, candidates: 80, verified: 8, traces: 5, tokens: 8000), TimeSpan.FromSeconds(10));
        // From 10 s to 20 s nothing moved: the window forgot the busy start.
        var idle = rates.Add(Run(done: 20, failed: 0, total: 100, candidates: 80, verified: 8, traces: 5, tokens: 8000), TimeSpan.FromSeconds(20))!;
        Assert.Equal(0, idle.Problems, 6);
        Assert.Null(idle.Remaining(80));
    }

    [Fact]
    public void A_watch_frame_overwrites_the_last_one_in_place()
    {
        Assert.Equal("\u001b[H\u001b[2Ja\u001b[K\nb\u001b[K\n\u001b[J", StatusCommand.Redraw("a\nb\n", first: true));
        Assert.Equal("\u001b[Ha\u001b[K\n\u001b[J", StatusCommand.Redraw("a\n", first: false));
    }

    private static RunSummary Run(int done, int failed, int total, long candidates, long verified, long traces, long tokens) => new()
    {
        RunId = Guid.Parse("0195f3c4-0000-7000-8000-000000000001"),
        SetName = "gsm8k",
        Model = new ModelIdentity("tiny-reasoner"),
        Sampling = new SamplingOptions(),
        Strategy = "best-of-n",
        Status = RunState.Running,
        ProblemsTotal = total,
        ProblemsDone = done,
        ProblemsFailed = failed,
        Candidates = candidates,
        Verified = verified,
        Traces = traces,
        Tokens = tokens,
    };
}
