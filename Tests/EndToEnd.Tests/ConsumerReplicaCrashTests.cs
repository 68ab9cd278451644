using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using EndToEnd.Tests.Fixtures;
using EndToEnd.Tests.Scenarios;

namespace EndToEnd.Tests;

/// <summary>
/// A consumer replica killed with SIGKILL in the middle of a run loses nothing: the other replica receives what the
/// dead one held once its locks expire, and every event ends up exactly once in Blob and Cosmos or in the dead-letter
/// queue. Its own graph: the killed replica stays down.
/// </summary>
public sealed class ConsumerReplicaCrashTests(GraphFixture graph) : IClassFixture<GraphFixture>
{
    // The queue's lock duration (1 min) plus the time to process the rest.
    private static readonly TimeSpan SettledWithin = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_consumer_replica_killed_with_SIGKILL_mid_run_loses_nothing_and_writes_nothing_twice()
    {
        var blobs = await graph.App.GetConnectionStringAsync("blobs");
        var cosmos = await graph.App.GetConnectionStringAsync("cosmos");
        var serviceBus = await graph.App.GetConnectionStringAsync("servicebus");
        var before = await StoredEventCounts.CountAsync(blobs, cosmos, serviceBus);
        using var producer = graph.App.CreateHttpClient("producer");

        using var response = await producer.PostAsync("/api/events?count=2000", content: null);
        response.EnsureSuccessStatusCode();
        var summary = (await response.Content.ReadFromJsonAsync<ProducedSummary>())!;
        var valid = summary.TotalMessages - summary.BadMessages;

        var gettingGoing = DateTime.UtcNow + SettledWithin;
        StoredEventCounts midway;
        do
        {
            await Task.Delay(100);
            midway = await StoredEventCounts.CountAsync(blobs, cosmos, serviceBus);
        }
        while (midway.CosmosItems - before.CosmosItems < 100 && DateTime.UtcNow < gettingGoing);

        Assert.True(midway.CosmosItems - before.CosmosItems >= 100, $"the consumers stored {midway.CosmosItems - before.CosmosItems} events in {SettledWithin.TotalMinutes:0} min; they never got going");

        var victim = await ConsumerProcessAsync();
        victim.Kill();
        await victim.WaitForExitAsync();
        var atKill = await StoredEventCounts.CountAsync(blobs, cosmos, serviceBus);
        Assert.True(atKill.CosmosItems - before.CosmosItems < valid, "the run finished before the kill; it proves nothing");

        var after = await StoredEventCounts.WaitForAsync(blobs, cosmos, serviceBus, before, valid, summary.BadMessages, SettledWithin);

        Assert.Equal(valid, after.Blobs - before.Blobs);
        Assert.Equal(valid, after.CosmosItems - before.CosmosItems);
        var newDeadLetters = after.DeadLetters.Skip(before.DeadLetters.Count).ToList();
        Assert.Equal(summary.BadMessages, newDeadLetters.Count);
        Assert.All(newDeadLetters, deadLetter => Assert.Equal("InvalidEvent", deadLetter.DeadLetterReason));
    }

    /// <summary>
    /// The first consumer replica's own process. DCP starts a project through <c>dotnet run</c>, whose pid the snapshot
    /// reports; the service is that process's child, and killing the child is the crash (the wrapper then ends too).
    /// </summary>
    private async Task<Process> ConsumerProcessAsync()
    {
        var replicas = await graph.ReplicasAsync("consumer");
        // "executable.pid": the name DCP's snapshots give the process id (Aspire's constant for it is internal).
        var snapshot = replicas.Values.First();
        var pid = Convert.ToInt32(
            snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value
                ?? throw new InvalidOperationException($"no process id among {string.Join(", ", snapshot.Properties.Select(property => property.Name))}"),
            CultureInfo.InvariantCulture);
        var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        var service = children.Select(Process.GetProcessById).FirstOrDefault(process => process.ProcessName.Contains("Consumer", StringComparison.Ordinal));
        return service ?? Process.GetProcessById(pid);
    }
}
