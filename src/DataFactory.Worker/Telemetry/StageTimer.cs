using System.Diagnostics;

namespace DataFactory.Worker.Telemetry;

/// <summary>Times one pipeline stage: its span and its <c>datafactory.stage.duration</c> sample end together.</summary>
internal readonly struct StageTimer : IDisposable
{
    private readonly PipelineMetrics _metrics;
    private readonly string _stage;
    private readonly Activity? _activity;
    private readonly long _started;

    private StageTimer(PipelineMetrics metrics, string stage, Activity? activity)
    {
        _metrics = metrics;
        _stage = stage;
        _activity = activity;
        _started = Stopwatch.GetTimestamp();
    }

    public static StageTimer Start(PipelineMetrics metrics, PipelineActivities activities, string stage) =>
        new(metrics, stage, activities.StartStage(stage));

    public void Dispose()
    {
        _metrics.StageDuration(_stage, Stopwatch.GetElapsedTime(_started));
        _activity?.Dispose();
    }
}
