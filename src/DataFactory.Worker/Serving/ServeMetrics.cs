using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataFactory.Worker.Serving;

/// <summary><c>serve</c>'s metrics, from one <see cref="Meter"/> made by <see cref="IMeterFactory"/>.</summary>
internal sealed class ServeMetrics
{
    public const string MeterName = "DataFactory.Serve";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _candidates;
    private readonly Counter<long> _tokens;
    private readonly Histogram<long> _requestsPerCall;
    private readonly Histogram<long> _rowsPerCall;

    public ServeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("datafactory.serve.requests", "{request}", "Requests answered, by endpoint and HTTP status.");
        _duration = meter.CreateHistogram("datafactory.serve.request.duration", "s", "Time from a request's arrival to its answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
        _candidates = meter.CreateCounter<long>("datafactory.serve.candidates", "{candidate}", "Candidates generated for requests.");
        _tokens = meter.CreateCounter<long>("datafactory.serve.tokens.generated", "{token}", "Tokens generated for requests.");
        _requestsPerCall = meter.CreateHistogram("datafactory.serve.batch.requests", "{request}", "Requests that shared one engine call.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
        _rowsPerCall = meter.CreateHistogram("datafactory.serve.batch.candidates", "{candidate}", "Candidates decoded in one engine call.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024] });
    }

    public void Answered(string endpoint, int status, TimeSpan elapsed)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "status", status } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new TagList { { "endpoint", endpoint } });
    }

    public void Generated(long candidates, long tokens)
    {
        _candidates.Add(candidates);
        _tokens.Add(tokens);
    }

    public void EngineCall(int requests, int candidates)
    {
        _requestsPerCall.Record(requests);
        _rowsPerCall.Record(candidates);
    }
}
