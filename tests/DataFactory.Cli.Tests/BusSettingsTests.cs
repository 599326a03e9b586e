using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataFactory.Cli.Tests;

public sealed class BusSettingsTests
{
    [Fact]
    public void The_bus_sends_no_usage_telemetry_to_the_vendor()
    {
        var services = new ServiceCollection();
        services.AddDataFactoryBus(new BrokerOptions { Transport = "in-memory" });
        using var provider = services.BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
