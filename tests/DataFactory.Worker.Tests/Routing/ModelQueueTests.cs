using DataFactory.Worker.Routing;

namespace DataFactory.Worker.Tests.Routing;

/// <summary>Queue names: one per model, derived from the base queue and the fingerprint.</summary>
public sealed class ModelQueueTests
{
    private const string Fingerprint = "3F9A0C17B2D4E6F8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";

    [Fact]
    public void A_models_queue_is_the_base_queue_and_the_first_16_hex_digits_of_its_fingerprint_in_lower_case()
    {
        Assert.Equal("generate-traces.3f9a0c17b2d4e6f8", ModelQueue.For("generate-traces", Fingerprint));
        Assert.Equal("generate-traces", ModelQueue.For("generate-traces", null));
        Assert.Equal("generate-traces.3f9a0c17b2d4e6f8_error", ModelQueue.ErrorQueue(ModelQueue.For("generate-traces", Fingerprint)));
    }

    [Fact]
    public void The_queue_a_message_came_from_is_read_from_the_input_address_of_either_transport()
    {
        Assert.Equal("generate-traces.3f9a0c17b2d4e6f8", ModelQueue.NameOf(new Uri("rabbitmq://127.0.0.1:5672/factory/generate-traces.3f9a0c17b2d4e6f8?bind=true")));
        Assert.Equal("generate-traces", ModelQueue.NameOf(new Uri("loopback://localhost/generate-traces")));
        Assert.Null(ModelQueue.NameOf(null));
    }

    [Fact]
    public void A_worker_serves_its_own_fingerprint_in_any_case_and_runs_without_one_but_not_another_model()
    {
        var served = new ServedModel(Fingerprint, "generate-traces");
        Assert.Equal("generate-traces.3f9a0c17b2d4e6f8", served.Queue);
        Assert.True(served.Serves(Fingerprint.ToLowerInvariant()));
        Assert.True(served.Serves(null));
        Assert.False(served.Serves("0" + Fingerprint[1..]));
    }
}
