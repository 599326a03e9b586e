using DataFactory.Worker.Options;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Consumers;

/// <summary>
/// Prefetch, concurrency, batch size and retry for <see cref="GenerateTracesConsumer"/>, from
/// <see cref="WorkerOptions"/>: enough messages are fetched ahead to fill the next engine batch
/// while the current one runs. The worker connects the consumer to two queues, its model's own and the
/// base queue (<see cref="ServedModel"/>), each with these settings.
/// </summary>
internal sealed class GenerateTracesConsumerDefinition : ConsumerDefinition<GenerateTracesConsumer>
{
    private readonly WorkerOptions _options;

    public GenerateTracesConsumerDefinition(IOptions<WorkerOptions> options, ServedModel served)
    {
        _options = options.Value;
        EndpointName = served.Queue;
        ConcurrentMessageLimit = _options.MessagesPerBatch * _options.ConcurrentBatches;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<GenerateTracesConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.EffectivePrefetch;
        // Only transient faults are retried: the consumer handles every other fault itself, and one
        // that escapes it (a bug) must go to the error queue rather than loop.
        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(TransientFaults.IsTransient);
            retry.Exponential(
                _options.RetryLimit == 0 ? int.MaxValue : _options.RetryLimit,
                TimeSpan.FromMilliseconds(_options.RetryMinMilliseconds),
                TimeSpan.FromMilliseconds(_options.RetryMaxMilliseconds),
                TimeSpan.FromMilliseconds(_options.RetryMinMilliseconds));
        });
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_options.MessagesPerBatch)
            .SetTimeLimit(TimeSpan.FromMilliseconds(_options.BatchTimeLimitMilliseconds))
            .SetConcurrencyLimit(_options.ConcurrentBatches));
    }
}
