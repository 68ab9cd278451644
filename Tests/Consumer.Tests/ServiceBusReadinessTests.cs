using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceBusEmulator.Hosting;
using ServiceTesting;

namespace Consumer.Tests;

/// <summary>
/// The consumer's <c>/health</c> covers the queue besides Blob and Cosmos; <c>/alive</c> does not. The real consumer
/// runs against Azurite, the Cosmos emulator and our Service Bus emulator in this process.
/// </summary>
[Collection(StorageEmulatorsCollection.Name)]
public sealed class ServiceBusReadinessTests(StorageEmulators emulators) : IAsyncLifetime
{
    private const string QueueName = "store-events";

    // Bounds a test, never asserted as a speed: start-up creates the storage containers and the first probe connects.
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    private InProcessServiceBus _serviceBus = null!;

    public async Task InitializeAsync() => _serviceBus = await InProcessServiceBus.StartAsync();

    public async Task DisposeAsync() => await _serviceBus.DisposeAsync();

    [Fact]
    public async Task Health_is_ready_when_blob_cosmos_and_the_queue_answer()
    {
        await using var consumer = new ConsumerApp(Settings(_serviceBus.ConnectionString, QueueName));

        var health = await consumer.WaitForReadinessAsync(ReadyWithin);
        var alive = await consumer.GetAsync("/alive");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), health);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), alive);
        var checks = await consumer.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, checks["servicebus"].Status);
        Assert.Contains($"'{QueueName}'", checks["servicebus"].Description);
    }

    [Fact]
    public async Task Health_is_unavailable_and_names_the_queue_when_the_queue_does_not_exist()
    {
        await using var consumer = new ConsumerApp(Settings(_serviceBus.ConnectionString, "no-such-queue"));

        var health = await consumer.GetAsync("/health");
        var alive = await consumer.GetAsync("/alive");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), health);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), alive);
        var checks = await consumer.WaitForServiceBusCheckAsync("MessagingEntityNotFound", ReadyWithin);
        Assert.Equal(HealthStatus.Unhealthy, checks["servicebus"].Status);
        Assert.Contains("'no-such-queue'", checks["servicebus"].Description);
        Assert.Contains("MessagingEntityNotFound", checks["servicebus"].Description);
        // Storage is fine: the 503 is the queue's doing.
        Assert.Equal(HealthStatus.Healthy, checks["blobs"].Status);
        Assert.Equal(HealthStatus.Healthy, checks["event-archive"].Status);
        Assert.Equal(HealthStatus.Healthy, checks["event-store"].Status);
    }

    [Fact]
    public async Task Health_is_unavailable_when_the_broker_is_unreachable()
    {
        var closed = ServiceBusEmulatorHost.CreateConnectionString(ClosedPort.Find());
        await using var consumer = new ConsumerApp(Settings(closed, QueueName));

        var health = await consumer.GetAsync("/health");
        var alive = await consumer.GetAsync("/alive");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), health);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), alive);
        var checks = await consumer.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, checks["servicebus"].Status);
        Assert.Contains($"'{QueueName}'", checks["servicebus"].Description);
        Assert.Contains("did not answer", checks["servicebus"].Description);
    }

    private Dictionary<string, string?> Settings(string serviceBus, string queueName)
    {
        // Each test its own storage names, so one test's containers cannot make another's healthy.
        var storage = $"ready{Guid.NewGuid():N}"[..20];
        return new()
        {
            ["ConnectionStrings:servicebus"] = serviceBus,
            ["ConnectionStrings:blobs"] = emulators.Azurite.ConnectionString,
            ["ConnectionStrings:cosmos"] = emulators.Cosmos.ConnectionString,
            ["ServiceBus:QueueName"] = queueName,
            ["EventArchive:ContainerName"] = storage,
            ["EventArchive:CreateIfNotExists"] = "true",
            ["EventStore:DatabaseName"] = storage,
            ["EventStore:ContainerName"] = "events",
            ["EventStore:CreateIfNotExists"] = "true",
        };
    }
}
