using AppHost.Orchestration;
using AppHost.Resources;

namespace AppHost.Tests;

public sealed class ResourceModelTests
{
    [Fact]
    public void Every_change_is_announced_and_visible_in_the_next_snapshot()
    {
        var registry = new ResourceRegistry();
        var changes = new List<string>();
        registry.Changed += resource => changes.Add($"{resource.Name}:{resource.State}");
        var producer = registry.Add("producer", ResourceKind.Project, "producer");

        registry.Update(producer, r => { r.State = ResourceState.Healthy; r.Health = HealthStatus.Healthy; r.ProcessId = 42; });

        Assert.Equal(["producer:Waiting", "producer:Healthy"], changes);
        var snapshot = Assert.Single(registry.Snapshot());
        Assert.Equal(("Healthy", "Healthy", 42), (snapshot.State, snapshot.Health, snapshot.ProcessId));
    }

    [Fact]
    public void A_degraded_but_running_resource_counts_as_ready_and_a_failed_one_does_not()
    {
        var registry = new ResourceRegistry();
        var serviceBus = registry.Add("servicebus", ResourceKind.Emulator, "Service Bus emulator");
        var cosmos = registry.Add("cosmos", ResourceKind.Emulator, "Cosmos");

        registry.Update(serviceBus, r => { r.State = ResourceState.Running; r.Health = HealthStatus.Degraded; });
        registry.Update(cosmos, r => { r.State = ResourceState.Failed; r.Health = HealthStatus.Unknown; });

        Assert.True(serviceBus.IsReady);
        Assert.False(cosmos.IsReady);
    }

    [Fact]
    public void Two_resources_cannot_share_a_name() =>
        Assert.Throws<InvalidOperationException>(() =>
        {
            var registry = new ResourceRegistry();
            registry.Add("consumer-1", ResourceKind.Project, "consumer");
            registry.Add("consumer-1", ResourceKind.Project, "consumer");
        });

    [Fact]
    public void The_table_lists_each_resource_with_state_health_reason_pid_and_endpoints()
    {
        var registry = new ResourceRegistry();
        var serviceBus = registry.Add("servicebus", ResourceKind.Emulator, "Service Bus emulator");
        registry.Update(serviceBus, r =>
        {
            r.State = ResourceState.Running;
            r.Health = HealthStatus.Degraded;
            r.Description = "amqp: not available";
            r.ProcessId = 1234;
            r.Endpoints = new Dictionary<string, string> { ["health"] = "http://127.0.0.1:5300/health" };
        });

        var lines = ResourceTable.Render(registry.Snapshot()).Split('\n');

        Assert.StartsWith("RESOURCE", lines[0]);
        Assert.Matches(@"^servicebus\s+Service Bus emulator\s+Running\s+Degraded \(amqp: not available\)\s+1234\s+http://127.0.0.1:5300/health$", lines[1].TrimEnd());
    }

    [Theory]
    [InlineData(new string[0], 18888)]
    [InlineData(new[] { "--dashboard-port", "0" }, 0)]
    public void The_dashboard_port_defaults_to_a_fixed_one_and_can_be_chosen(string[] args, int expected) =>
        Assert.Equal(expected, AppHostOptions.Parse(args)!.DashboardPort);

    [Theory]
    [InlineData("--dashboard-port", "http")]
    [InlineData("--verbose")]
    public void A_bad_command_line_is_refused_with_a_message(params string[] args) =>
        Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(args));
}
