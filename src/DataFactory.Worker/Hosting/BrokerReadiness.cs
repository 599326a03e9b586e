using DataFactory.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace DataFactory.Worker.Hosting;

/// <summary>
/// Before the bus starts: RabbitMQ accepts a connection with the configured address and credentials.
/// Unreachable is waited for with backoff (MassTransit would wait too, logging a stack trace a try);
/// a refused login or a virtual host the user may not open ends the start.
/// </summary>
internal static class BrokerReadiness
{
    private const ushort AccessRefused = 403;

    private const ushort NotAllowed = 530;

    public static async Task WaitAsync(IServiceProvider services, BrokerOptions broker, WorkerOptions worker, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BrokerReadiness));
        var factory = new ConnectionFactory { Uri = AmqpAddress(broker.Host), ClientProvidedName = "datafactory worker start check" };
        if (!string.IsNullOrEmpty(broker.Username))
        {
            factory.UserName = broker.Username;
        }

        if (!string.IsNullOrEmpty(broker.Password))
        {
            factory.Password = broker.Password;
        }

        var backoff = new StartBackoff(worker);
        while (true)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                await connection.CloseAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
            {
                if (Refusal(exception) is { } refusal)
                {
                    throw new WorkerStartException($"broker: {refusal} (user '{factory.UserName}', virtual host '{factory.VirtualHost}')");
                }

                var delay = backoff.Next();
                Log.WaitingFor(logger, "broker", Describe(exception), delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    /// <summary>The address as RabbitMQ.Client reads it: MassTransit's rabbitmq:// scheme is amqp://.</summary>
    private static Uri AmqpAddress(string host)
    {
        var address = new UriBuilder(host);
        address.Scheme = address.Scheme switch
        {
            "rabbitmq" => "amqp",
            "rabbitmqs" => "amqps",
            _ => address.Scheme,
        };
        if (address.Port < 0)
        {
            address.Port = address.Scheme == "amqps" ? 5671 : 5672;
        }

        return address.Uri;
    }

    private static string? Refusal(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationFailureException:
                    return "login refused";
                case OperationInterruptedException { ShutdownReason.ReplyCode: AccessRefused }:
                    return "access refused";
                case OperationInterruptedException { ShutdownReason.ReplyCode: NotAllowed }:
                    return "the virtual host does not exist or the user may not open it";
            }
        }

        return null;
    }

    private static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ReferenceEquals(inner, exception) ? exception.Message : $"{exception.Message} ({inner.Message})";
    }
}
