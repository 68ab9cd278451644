using System.Text.RegularExpressions;
using ServiceBusEmulator.Conformance.Support;

namespace ServiceBusEmulator.Conformance;

/// <summary>
/// The emulator executable with <c>--data-dir</c>, driven over AMQP by the official JS SDK, killed with SIGKILL
/// between send and receive, then restarted on the same data directory.
/// </summary>
public sealed partial class DurabilityOverAmqpTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sbamqp-durable-").FullName;

    [Fact]
    public async Task Acknowledged_sends_survive_kill_9_and_no_lock_outlives_the_crash()
    {
        string completedLine;
        string lockedLine;
        using (var emulator = StartEmulator())
        {
            var connectionString = await ConnectionStringOfAsync(emulator);
            using var sender = StartScenario("durable-send", connectionString);
            completedLine = await sender.WaitForLineAsync(line => line.StartsWith("COMPLETED ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            lockedLine = await sender.WaitForLineAsync(line => line.StartsWith("LOCKED ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            emulator.KillHard();
            Assert.NotEqual(0, emulator.Process.ExitCode);
        }

        using var restarted = StartEmulator();
        var restartedConnection = await ConnectionStringOfAsync(restarted);
        using var receiver = StartScenario("durable-receive", restartedConnection);
        var receivedLine = await receiver.WaitForLineAsync(line => line.StartsWith("RECEIVED ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var completed = Ids(completedLine);
        var locked = Ids(lockedLine);
        var received = Ids(receivedLine);
        var expected = Enumerable.Range(0, 20).Select(i => $"d-{i}").Except(completed);
        Assert.Equal(2, completed.Count);
        Assert.Equal(3, locked.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.Subset(received.ToHashSet(), locked.ToHashSet());
    }

    private static List<string> Ids(string line) => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Split(',').ToList();

    private RunningProcess StartEmulator() => new("dotnet",
    [
        Path.Combine(AppContext.BaseDirectory, "ServiceBusEmulator.dll"),
        "--config", Path.Combine(AppContext.BaseDirectory, "Config.json"),
        "--port", "0",
        "--management-port", "0",
        "--data-dir", _dataDirectory,
    ]);

    private static RunningProcess StartScenario(string phase, string connectionString) =>
        new("node", [NodeScenario.ScriptPath, phase], new Dictionary<string, string> { ["SERVICEBUS_CONNECTION_STRING"] = connectionString });

    private static async Task<string> ConnectionStringOfAsync(RunningProcess emulator)
    {
        var line = await emulator.WaitForLineAsync(line => AmqpListening().IsMatch(line), TimeSpan.FromSeconds(30));
        await emulator.WaitForLineAsync(line => line.Contains("Service Bus emulator ready", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var port = int.Parse(AmqpListening().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return Hosting.ServiceBusEmulatorHost.CreateConnectionString(port);
    }

    [GeneratedRegex(@"amqp listening on [^ ]+:(\d+)")]
    private static partial Regex AmqpListening();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
