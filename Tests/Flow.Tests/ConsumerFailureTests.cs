using System.Net;
using System.Net.Http.Json;
using Consumer.Processing;
using Producer.Generation;
using ServiceTesting;

namespace Flow.Tests;

/// <summary>
/// Consumers that fail in the middle of a run lose nothing: a consumer process killed with SIGKILL and started again,
/// and the Cosmos emulator unreachable for 10 s. Every event is then accounted for exactly once, by counting the stores.
/// </summary>
public sealed class ConsumerFailureTests(FlowEnvironment environment) : IClassFixture<FlowEnvironment>
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_consumer_killed_with_SIGKILL_mid_run_and_restarted_loses_nothing_and_writes_nothing_twice()
    {
        const string container = "killed";
        var settings = environment.ServiceSettings(container, FlowEnvironment.SigkillQueueName);
        var summary = await SendAsync(FlowEnvironment.SigkillQueueName, 1000);
        var good = summary.TotalMessages - summary.BadMessages;

        await using (var doomed = ConsumerProcess.Start(settings))
        {
            // Kill it once it is well into the run, with messages in flight and prefetched.
            var started = await PersistedEvents.WaitForAsync(environment, container, 150, SettleTimeout, FlowEnvironment.SigkillQueueName);
            Assert.True(started.Settled >= 150, $"the consumer did not get going:\n{doomed.Output}");
            await doomed.KillAsync();
        }

        var midway = await PersistedEvents.CountAsync(environment, container, FlowEnvironment.SigkillQueueName);
        Assert.True(midway.Settled < 1000, "the run finished before the kill; it proves nothing");

        await using var restarted = ConsumerProcess.Start(settings);
        var persisted = await PersistedEvents.WaitForAsync(environment, container, 1000, SettleTimeout, FlowEnvironment.SigkillQueueName);

        AssertEveryEventOnce(persisted, good, summary.BadMessages);
    }

    [Fact]
    public async Task A_consumer_stopped_with_SIGTERM_mid_run_exits_within_its_bound_and_a_new_one_finishes_the_run()
    {
        const string container = "terminated";
        var settings = environment.ServiceSettings(container, FlowEnvironment.SigtermQueueName);
        var summary = await SendAsync(FlowEnvironment.SigtermQueueName, 1000);

        await using (var stopping = ConsumerProcess.Start(settings))
        {
            var started = await PersistedEvents.WaitForAsync(environment, container, 150, SettleTimeout, FlowEnvironment.SigtermQueueName);
            Assert.True(started.Settled >= 150, $"the consumer did not get going:\n{stopping.Output}");
            // StopTimeout (20 s) + 5 s is the host's bound; a little more for the process to end.
            var (exited, exitCode) = await stopping.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.True(exited, $"the consumer did not exit within 30 s of SIGTERM:\n{stopping.Output}");
            Assert.Equal(0, exitCode);
            Assert.Contains("Stopping: no new messages", stopping.Output, StringComparison.Ordinal);
        }

        Assert.True((await PersistedEvents.CountAsync(environment, container, FlowEnvironment.SigtermQueueName)).Settled < 1000,
            "the run finished before SIGTERM; it proves nothing");
        await using var successor = ConsumerProcess.Start(settings);
        var persisted = await PersistedEvents.WaitForAsync(environment, container, 1000, SettleTimeout, FlowEnvironment.SigtermQueueName);

        AssertEveryEventOnce(persisted, summary.TotalMessages - summary.BadMessages, summary.BadMessages);
    }

    [Fact]
    public async Task Events_processed_while_Cosmos_is_unreachable_for_10_seconds_are_all_persisted_after_it_returns()
    {
        const string container = "outage";
        await using var proxy = new LoopbackTcpProxy(environment.Cosmos.Port);
        var settings = environment.ServiceSettings(container);
        settings["ConnectionStrings:cosmos"] = environment.Cosmos.ConnectionString.Replace($":{environment.Cosmos.Port}", $":{proxy.Port}", StringComparison.Ordinal);
        using var settlements = new SettlementCounter();
        // The consumer's Cosmos client stays on a loopback endpoint (AddAzureCosmosClient sets LimitToEndpoint for a loopback emulator), so it keeps
        // going through the proxy instead of following the emulator's advertised port around it.
        await using var consumer = await ConsumerHost.StartAsync(settings);

        var summary = await SendAsync(FlowEnvironment.QueueName, 500);
        var good = summary.TotalMessages - summary.BadMessages;
        await PersistedEvents.WaitForAsync(environment, container, 50, SettleTimeout);
        proxy.Cut();
        var cutAt = await PersistedEvents.CountAsync(environment, container);
        await Task.Delay(TimeSpan.FromSeconds(10));
        proxy.Restore();
        Assert.True(cutAt.Settled < 500, "the run finished before the outage; it proves nothing");

        var persisted = await PersistedEvents.WaitForAsync(environment, container, 500, SettleTimeout);
        AssertEveryEventOnce(persisted, good, summary.BadMessages);
        Assert.Equal(good, await settlements.WaitForAsync("completed", good, TimeSpan.FromSeconds(30)));
    }

    private async Task<StoreEventBatchSummary> SendAsync(string queueName, int count)
    {
        await using var producer = new ProducerFactory(environment.ServiceBusConnectionString, queueName);
        using var response = await producer.CreateClient().PostAsync($"/api/events?count={count}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StoreEventBatchSummary>())!;
    }

    private static void AssertEveryEventOnce(PersistedEvents persisted, int good, int bad)
    {
        Assert.Equal(good, persisted.BlobIds.Count);
        Assert.Equal(good, persisted.BlobIds.Distinct().Count());
        Assert.Equal(good, persisted.CosmosIds.Count);
        Assert.Equal(persisted.BlobIds.Order(), persisted.CosmosIds.Order());
        Assert.Equal(bad, persisted.DeadLetters.Count);
        Assert.Equal(bad, persisted.DeadLetters.Select(message => message.MessageId).Distinct().Count());
        Assert.All(persisted.DeadLetters, deadLetter => Assert.Equal(DeadLetterReasons.InvalidEvent, deadLetter.DeadLetterReason));
    }
}
