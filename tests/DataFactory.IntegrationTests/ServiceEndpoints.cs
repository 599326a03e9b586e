namespace DataFactory.IntegrationTests;

/// <summary>Where a PostgreSQL server and a RabbitMQ vhost (AMQP and management API) answer.</summary>
internal sealed record ServiceEndpoints(string PostgresAdmin, string RabbitMq, string RabbitMqManagement);
