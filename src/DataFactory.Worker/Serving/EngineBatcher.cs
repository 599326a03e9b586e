using System.Globalization;
using System.Threading.Channels;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Serving;

/// <summary>
/// Gathers concurrent requests into engine calls: the first waits <see cref="ServeOptions.BatchWindowMilliseconds"/>
/// for others, then each group of requests with the same sampling options becomes one <c>GenerationEngine.Generate</c>
/// call, up to the engine's batch rows, so clients share forward passes. A candidate's seed derives from the request's
/// seed and its index alone (its problem id is <c>seed:S</c>, the call's run seed 0), never from what else is in the
/// batch, so the same request with the same seed returns the same candidates however requests are grouped.
/// </summary>
internal sealed class EngineBatcher(ServedEngine served, IOptions<ServeOptions> options, ServeMetrics metrics) : BackgroundService
{
    private readonly Channel<PendingGeneration> _queue = Channel.CreateUnbounded<PendingGeneration>(new UnboundedChannelOptions { SingleReader = true });

    public static GenerationRequest Prompt(long seed, string text, bool useChatTemplate) =>
        new(string.Create(CultureInfo.InvariantCulture, $"seed:{seed}"), text, useChatTemplate);

    /// <summary>The grouping key: every sampling option that the engine takes per call.</summary>
    public static string KeyOf(SamplingOptions s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{s.Samples}|{s.Temperature:R}|{s.TopP:R}|{s.TopK}|{s.Greedy}|{s.MaxNewTokens}|{string.Join('\u0001', s.StopStrings)}");

    public async Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(SamplingOptions sampling, IReadOnlyList<GenerationRequest> prompts, CancellationToken cancellationToken)
    {
        var pending = new PendingGeneration(KeyOf(sampling), sampling with { Seed = 0 }, prompts, stream: false, cancellationToken);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues a streaming request: read its <see cref="PendingGeneration.Events"/>, then await its <see cref="PendingGeneration.Done"/>.</summary>
    public async Task<PendingGeneration> StreamAsync(SamplingOptions sampling, IReadOnlyList<GenerationRequest> prompts, CancellationToken cancellationToken)
    {
        var pending = new PendingGeneration(KeyOf(sampling), sampling with { Seed = 0 }, prompts, stream: true, cancellationToken);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return pending;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // The engine is synchronous: its calls run one at a time on a pool thread, off the request threads.
        Task.Run(() => LoopAsync(stoppingToken), stoppingToken);

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var window = TimeSpan.FromMilliseconds(options.Value.BatchWindowMilliseconds);
        var waiting = new List<PendingGeneration>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (waiting.Count == 0)
                {
                    waiting.Add(await _queue.Reader.ReadAsync(stoppingToken));
                    if (window > TimeSpan.Zero)
                    {
                        await Task.Delay(window, stoppingToken);
                    }
                }

                while (_queue.Reader.TryRead(out var more))
                {
                    waiting.Add(more);
                }

                // The oldest request's group goes first, all of it: the engine splits a call into waves of its batch rows.
                var key = waiting[0].Key;
                var group = waiting.Where(w => w.Key == key).ToList();
                waiting.RemoveAll(group.Contains);
                Run(group);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var item in waiting)
            {
                item.Complete(null, cancelled: true);
            }
        }
    }

    private void Run(List<PendingGeneration> group)
    {
        var live = group.Where(g => !g.CancellationToken.IsCancellationRequested).ToList();
        foreach (var gone in group.Except(live))
        {
            gone.Complete(null, cancelled: true);
        }

        if (live.Count == 0)
        {
            return;
        }

        // Cancelled only when every request of the call has gone.
        using var all = new CancellationTokenSource();
        var registrations = live.Select(l => l.CancellationToken.Register(() =>
        {
            if (live.All(x => x.CancellationToken.IsCancellationRequested))
            {
                all.Cancel();
            }
        })).ToArray();
        try
        {
            var prompts = live.SelectMany(l => l.Prompts).ToArray();
            metrics.EngineCall(live.Count, prompts.Length * live[0].Sampling.Samples);
            var observer = live.Any(l => l.Events is not null) ? new BatchStreamObserver(live) : null;
            var results = served.Engine.Generate(prompts, live[0].Sampling, observer, all.Token);
            var offset = 0;
            foreach (var item in live)
            {
                item.Complete([.. results.Skip(offset).Take(item.Prompts.Count)]);
                offset += item.Prompts.Count;
            }
        }
        catch (Exception exception)
        {
            foreach (var item in live)
            {
                item.Complete(null, exception);
            }
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
