using AppHost.Orchestration;
using AppHost.Resources;
using AppHost.Topology;

namespace AppHost.Tests;

public sealed class ServiceEnvironmentTests
{
    private static readonly TopologyDefinition Topology = TopologyDefinition.Load();

    [Fact]
    public void A_consumer_replica_gets_the_topologys_settings_its_connection_strings_url_and_service_name()
    {
        var registry = new ResourceRegistry();
        var blobs = registry.Add("blobs", ResourceKind.Emulator, "Azurite");
        registry.Update(blobs, r => r.ConnectionString = "UseDevelopmentStorage=true");
        var cosmos = registry.Add("cosmos", ResourceKind.Emulator, "Cosmos");
        registry.Update(cosmos, r => r.ConnectionString = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=k;");
        var serviceBus = registry.Add("servicebus", ResourceKind.Emulator, "Service Bus");
        var consumer = Topology.Services.Single(service => service.Name == "consumer");

        var environment = ServiceEnvironment.For(consumer, "consumer-2", [serviceBus, cosmos, blobs], "http://127.0.0.1:5123");

        Assert.Equal("UseDevelopmentStorage=true", environment["ConnectionStrings__blobs"]);
        Assert.Equal("AccountEndpoint=https://127.0.0.1:1/;AccountKey=k;", environment["ConnectionStrings__cosmos"]);
        Assert.Null(environment["ConnectionStrings__servicebus"]);
        Assert.Equal("store-events", environment["ServiceBus__QueueName"]);
        Assert.Equal("events", environment["EventStore__ContainerName"]);
        Assert.Equal("true", environment["EventArchive__CreateIfNotExists"]);
        Assert.Equal("http://127.0.0.1:5123", environment["ASPNETCORE_URLS"]);
        Assert.Equal("consumer", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=consumer-2", environment["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public void The_Service_Bus_emulator_is_healthy_only_when_it_listens_for_amqp()
    {
        var (missing, why, noPort) = ServiceBusEmulatorHealth.Interpret("not available in this build");
        var (listening, _, port) = ServiceBusEmulatorHealth.Interpret("listening on 127.0.0.1:5672");

        Assert.Equal(HealthStatus.Degraded, missing);
        Assert.Contains("amqp: not available in this build", why);
        Assert.Null(noPort);
        Assert.Equal(HealthStatus.Healthy, listening);
        Assert.Equal(5672, port);
        Assert.Equal(
            "Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
            ServiceBusConnectionString.ForEmulator(5672));
    }
}
