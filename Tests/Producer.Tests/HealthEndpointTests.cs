using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceTesting;

namespace Producer.Tests;

/// <summary>
/// <c>/health</c> is readiness and covers the Service Bus queue; <c>/alive</c> is liveness and does not. Every case runs
/// the real producer against a real broker (our emulator in this process) or a real socket that misbehaves.
/// </summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private const string QueueName = "store-events";

    // Bounds a test, never asserted as a speed: the first probe connects, authorises and attaches on a loaded machine.
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);

    private InProcessServiceBus _serviceBus = null!;

    public async Task InitializeAsync() => _serviceBus = await InProcessServiceBus.StartAsync();

    public async Task DisposeAsync() => await _serviceBus.DisposeAsync();

    [Fact]
    public async Task Health_is_ready_when_the_queue_exists()
    {
        await using var producer = new ProducerApp(_serviceBus.ConnectionString, QueueName);

        var health = await producer.WaitForReadinessAsync(ReadyWithin);
        var alive = await producer.GetAsync("/alive");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), health);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), alive);
        var check = await producer.CheckServiceBusAsync();
        Assert.Equal(HealthStatus.Healthy, check.Status);
        Assert.Contains($"'{QueueName}'", check.Description);
    }

    [Fact]
    public async Task Health_is_unavailable_and_names_the_queue_when_the_queue_does_not_exist()
    {
        await using var producer = new ProducerApp(_serviceBus.ConnectionString, "no-such-queue");

        var health = await producer.GetAsync("/health");
        var alive = await producer.GetAsync("/alive");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), health);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), alive);
        var check = await producer.WaitForServiceBusCheckAsync("MessagingEntityNotFound", ReadyWithin);
        Assert.Equal(HealthStatus.Unhealthy, check.Status);
        Assert.Contains("'no-such-queue'", check.Description);
        Assert.Contains("MessagingEntityNotFound", check.Description);
    }

    [Fact]
    public async Task Health_is_unavailable_when_the_broker_is_unreachable()
    {
        var port = ClosedPort.Find();
        await using var producer = new ProducerApp(InProcessServiceBusConnection(port), QueueName);

        var health = await producer.GetAsync("/health");
        var alive = await producer.GetAsync("/alive");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), health);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), alive);
        var check = await producer.CheckServiceBusAsync();
        Assert.Equal(HealthStatus.Unhealthy, check.Status);
        Assert.Contains($"'{QueueName}'", check.Description);
        Assert.Contains("did not answer", check.Description);
    }

    [Fact]
    public async Task Health_answers_unavailable_instead_of_hanging_when_the_broker_never_replies()
    {
        await using var broker = new SilentBroker();
        await using var producer = new ProducerApp(InProcessServiceBusConnection(broker.Port), QueueName);
        using var client = producer.CreateClient();
        // A probe that hangs would hit this bound and fail the test; the check's own timeout is far shorter.
        client.Timeout = TimeSpan.FromSeconds(60);

        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.True(broker.AcceptedConnections > 0, "the producer never connected to the silent broker");
        var check = await producer.CheckServiceBusAsync();
        Assert.Equal(HealthStatus.Unhealthy, check.Status);
        Assert.Contains($"'{QueueName}'", check.Description);
        Assert.Contains("did not answer within 2 s", check.Description);
    }

    [Fact]
    public async Task Health_becomes_ready_again_when_the_broker_comes_back()
    {
        await using var producer = new ProducerApp(_serviceBus.ConnectionString, QueueName);
        Assert.Equal(HttpStatusCode.OK, (await producer.WaitForReadinessAsync(ReadyWithin)).Status);

        await _serviceBus.StopAsync();
        var whileDown = await producer.GetAsync("/health");
        var aliveWhileDown = await producer.GetAsync("/alive");
        await _serviceBus.RestartAsync();
        var afterRestart = await producer.WaitForReadinessAsync(ReadyWithin);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.Status);
        Assert.Equal(HttpStatusCode.OK, aliveWhileDown.Status);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), afterRestart);
    }

    [Fact]
    public async Task Repeated_and_concurrent_probes_reuse_one_connection_and_one_management_link()
    {
        await using var proxy = new LoopbackTcpProxy(_serviceBus.Port);
        await using var producer = new ProducerApp(InProcessServiceBusConnection(proxy.Port), QueueName);
        Assert.Equal(HttpStatusCode.OK, (await producer.WaitForReadinessAsync(ReadyWithin)).Status);
        // The address appears in the put-token for the node and in the attach of each half of the request/response link.
        var managementNode = $"{QueueName}/$management";
        var afterFirstReadyProbe = proxy.CountSent(managementNode);

        // Concurrent, as an orchestrator's and a load balancer's probes can be: they share the one receiver.
        var probes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => producer.GetAsync("/health")));

        Assert.All(probes, answer => Assert.Equal((HttpStatusCode.OK, "Healthy"), answer));

        Assert.True(afterFirstReadyProbe > 0, $"no {managementNode} link was attached");
        Assert.Equal(afterFirstReadyProbe, proxy.CountSent(managementNode));
        Assert.Equal(1, proxy.Connections);
    }

    [Fact]
    public async Task After_the_host_stops_the_check_reports_closed_instead_of_reconnecting()
    {
        var producer = new ProducerApp(_serviceBus.ConnectionString, QueueName);
        Assert.Equal(HttpStatusCode.OK, (await producer.WaitForReadinessAsync(ReadyWithin)).Status);
        var check = producer.Services.GetRequiredKeyedService<AzureClientIntegrations.ServiceBusEntityHealthCheck>("servicebus");

        await producer.DisposeAsync();
        var afterStop = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, afterStop.Status);
        Assert.Contains("closed", afterStop.Description);
    }

    private static string InProcessServiceBusConnection(int port) => ServiceBusEmulator.Hosting.ServiceBusEmulatorHost.CreateConnectionString(port);
}
