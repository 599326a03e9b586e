using DataFactory.Core.Sampling;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace DataFactory.Worker.Tests;

/// <summary>The worker's metrics, read back with OpenTelemetry's in-memory exporter after a real run.</summary>
public sealed class PipelineMetricsTests
{
    [Fact]
    public async Task A_run_exports_every_pipeline_metric_with_its_unit_and_labels_and_the_store_agrees()
    {
        using var factory = await TestFactory.CreateAsync();
        var exported = new List<MetricSnapshot>();
        var builder = factory.Builder();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        using var host = builder.Build();
        await host.StartAsync();
        var run = await factory.RunAsync(host.Services, "sums", TestFactory.MathProblems(4), new SamplingOptions { Samples = 3, MaxNewTokens = 6, Seed = 7 });
        var provider = host.Services.GetRequiredService<EngineHost>().ProviderName;
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());
        await host.StopAsync();

        var metrics = exported.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        var runId = run.RunId.ToString();
        Assert.Equal(4, run.ProblemsDone);
        Assert.Equal(run.ProblemsDone, Counter(metrics, "datafactory.problems.processed", "{problem}", runId, provider));
        Assert.Equal(run.Candidates, Counter(metrics, "datafactory.candidates.generated", "{candidate}", runId, provider));
        Assert.Equal(12, run.Candidates);
        Assert.Equal(run.Verified, Counter(metrics, "datafactory.candidates.correct", "{candidate}", runId, provider));
        Assert.Equal(run.Tokens, Counter(metrics, "datafactory.tokens.generated", "{token}", runId, provider));
        Assert.True(run.Tokens > 0);
        Assert.Equal(run.Traces, Counter(metrics, "datafactory.traces.verified", "{trace}", runId, provider));

        var stages = Points(metrics, "datafactory.stage.duration", "s", MetricType.Histogram);
        Assert.Equal(["generate", "load", "verify", "write"], stages.Select(p => Tag(p, "stage")).Order(StringComparer.Ordinal));
        Assert.All(stages, p => Assert.Equal(provider, Tag(p, "provider")));
        var batches = Points(metrics, "datafactory.batch.duration", "s", MetricType.Histogram).Single();
        Assert.True(batches.GetHistogramCount() >= 2, "four one-problem messages in batches of at most two");
        Assert.All(stages, p => Assert.Equal(batches.GetHistogramCount(), p.GetHistogramCount()));

        var occupancy = Points(metrics, "datafactory.engine.batch.occupancy", "1", MetricType.Histogram).Single();
        Assert.Equal(batches.GetHistogramCount(), occupancy.GetHistogramCount());
        Assert.InRange(occupancy.GetHistogramSum() / occupancy.GetHistogramCount(), 0.01, 1.0);

        var acceptance = Points(metrics, "datafactory.problem.acceptance", "1", MetricType.Histogram).Single();
        Assert.Equal("math", Tag(acceptance, "task_kind"));
        Assert.Equal(4, acceptance.GetHistogramCount());
        Assert.Equal((double)run.Verified / 3, acceptance.GetHistogramSum(), 6);

        var progress = Assert.Single(Points(metrics, "datafactory.run.progress", "1", MetricType.DoubleGauge), p => Tag(p, "run_id") == runId);
        Assert.Equal(1.0, progress.GetGaugeLastValueDouble());

        var engine = Points(metrics, "datafactory.engine.info", null, MetricType.LongGauge).Single();
        Assert.Equal("tiny-random-llama-fp16", Tag(engine, "model"));
        Assert.Equal(provider, Tag(engine, "provider"));
        Assert.Equal(1, engine.GetGaugeLastValueLong());

    }

    [Fact]
    public void Counters_carry_task_kind_run_and_provider_and_the_gauge_keeps_only_recent_runs()
    {
        var exported = new List<MetricSnapshot>();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(PipelineMetrics.MeterName).AddInMemoryExporter(exported).Build();
        var metrics = new PipelineMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        metrics.EngineLoaded("m", "CUDAExecutionProvider");
        var first = Guid.NewGuid();
        metrics.ProblemProcessed("game24", first, candidates: 8, correct: 2, flawed: 1, tokens: 100, stopped: 3);
        metrics.RunProgressed(first, 3, 4);
        metrics.RunProgressed(first, 2, 4);
        for (var i = 0; i < PipelineMetrics.TrackedRuns; i++)
        {
            metrics.RunProgressed(Guid.NewGuid(), 1, 2);
        }

        meterProvider.ForceFlush();
        var byName = exported.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        var point = Assert.Single(byName["datafactory.candidates.generated"].MetricPoints);
        Assert.Equal(8, point.GetSumLong());
        Assert.Equal("game24", Tag(point, "task_kind"));
        Assert.Equal(first.ToString(), Tag(point, "run_id"));
        Assert.Equal("CUDAExecutionProvider", Tag(point, "provider"));
        var stopped = Assert.Single(byName["datafactory.candidates.stopped"].MetricPoints);
        Assert.Equal(3, stopped.GetSumLong());
        Assert.Equal(first.ToString(), Tag(stopped, "run_id"));
        var acceptance = Assert.Single(byName["datafactory.problem.acceptance"].MetricPoints);
        Assert.Equal(0.25, acceptance.GetHistogramSum());
        var runs = byName["datafactory.run.progress"].MetricPoints;
        Assert.Equal(PipelineMetrics.TrackedRuns, runs.Count);
        Assert.DoesNotContain(runs, p => Tag(p, "run_id") == first.ToString());
    }

    [Fact]
    public void A_run_s_work_counters_are_exported_at_zero_before_its_first_batch_is_counted()
    {
        var exported = new List<MetricSnapshot>();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(PipelineMetrics.MeterName).AddInMemoryExporter(exported).Build();
        var metrics = new PipelineMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var run = Guid.NewGuid();
        metrics.WorkStarting(["countdown", "cipher"], run);

        meterProvider.ForceFlush();
        var byName = exported.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        foreach (var name in new[] { "datafactory.problems.processed", "datafactory.candidates.generated", "datafactory.candidates.correct", "datafactory.candidates.stopped", "datafactory.tokens.generated", "datafactory.traces.verified" })
        {
            var points = byName[name].MetricPoints;
            Assert.Equal(["cipher", "countdown"], points.Select(p => Tag(p, "task_kind")).Order(StringComparer.Ordinal));
            Assert.All(points, p => Assert.Equal(0, p.GetSumLong()));
            Assert.All(points, p => Assert.Equal(run.ToString(), Tag(p, "run_id")));
        }

        exported.Clear();
        metrics.ProblemProcessed("cipher", run, candidates: 4, correct: 1, flawed: 0, tokens: 40, stopped: 0);
        meterProvider.ForceFlush();
        var generated = exported.Last(m => m.Name == "datafactory.candidates.generated").MetricPoints;
        Assert.Equal(4, generated.Single(p => Tag(p, "task_kind") == "cipher").GetSumLong());
        Assert.Equal(0, generated.Single(p => Tag(p, "task_kind") == "countdown").GetSumLong());
    }

    [Fact]
    public void Consensus_counters_count_labelled_problems_by_kind_and_consensus_traces_by_run()
    {
        var exported = new List<MetricSnapshot>();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(PipelineMetrics.MeterName).AddInMemoryExporter(exported).Build();
        var metrics = new PipelineMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        metrics.EngineLoaded("m", "CPUExecutionProvider");
        var run = Guid.NewGuid();
        metrics.ProblemVoted("math", run, labelled: true);
        metrics.ProblemVoted("math", run, labelled: false);
        metrics.ProblemVoted("exact", run, labelled: true);
        metrics.ConsensusTracesWritten(5, run);
        metrics.ConsensusTracesWritten(0, run);

        meterProvider.ForceFlush();
        var byName = exported.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        var labelled = Points(byName, "datafactory.problems.labelled", "{problem}", MetricType.LongSum);
        Assert.Equal([("exact", 1L), ("math", 1L)], labelled.Select(p => (Tag(p, "task_kind")!, p.GetSumLong())).OrderBy(p => p.Item1, StringComparer.Ordinal));
        Assert.All(labelled, p => Assert.Equal(run.ToString(), Tag(p, "run_id")));
        var traces = Assert.Single(Points(byName, "datafactory.traces.consensus", "{trace}", MetricType.LongSum));
        Assert.Equal(5, traces.GetSumLong());
        Assert.Equal("CPUExecutionProvider", Tag(traces, "provider"));
    }

    private static long Counter(Dictionary<string, MetricSnapshot> metrics, string name, string unit, string runId, string provider)
    {
        var points = Points(metrics, name, unit, MetricType.LongSum).Where(p => Tag(p, "run_id") == runId).ToArray();
        Assert.NotEmpty(points);
        Assert.All(points, p =>
        {
            Assert.Equal("math", Tag(p, "task_kind"));
            Assert.Equal(provider, Tag(p, "provider"));
        });
        return points.Sum(p => p.GetSumLong());
    }

    private static IReadOnlyList<MetricPoint> Points(Dictionary<string, MetricSnapshot> metrics, string name, string? unit, MetricType type)
    {
        Assert.True(metrics.TryGetValue(name, out var metric), $"{name} was not exported; exported: {string.Join(", ", metrics.Keys)}");
        Assert.Equal(unit ?? string.Empty, metric.Unit ?? string.Empty);
        Assert.Equal(type, metric.MetricType);
        Assert.NotEmpty(metric.Description);
        return metric.MetricPoints;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
