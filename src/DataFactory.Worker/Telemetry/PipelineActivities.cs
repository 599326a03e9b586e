using System.Diagnostics;

namespace DataFactory.Worker.Telemetry;

/// <summary>
/// The pipeline's spans: one per batch of a run, with a child per stage (load, generate, verify,
/// write). They nest under MassTransit's consume span and hold Npgsql's command spans, so one trace
/// shows a message from the queue to the commit. Disposed with the container.
/// </summary>
public sealed class PipelineActivities : IDisposable
{
    /// <summary>The activity source's name, for tracer providers to subscribe to.</summary>
    public const string SourceName = "DataFactory.Worker";

    private readonly ActivitySource _source = new(SourceName);

    /// <summary>Starts the span of one batch of a run; null when nobody listens.</summary>
    internal Activity? StartBatch(Guid runId, int problems)
    {
        var activity = _source.StartActivity("datafactory.batch");
        activity?.SetTag("datafactory.run_id", runId.ToString());
        activity?.SetTag("datafactory.problems", problems);
        return activity;
    }

    /// <summary>Starts the span of one stage; null when nobody listens.</summary>
    internal Activity? StartStage(string stage) => _source.StartActivity("datafactory." + stage);

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
