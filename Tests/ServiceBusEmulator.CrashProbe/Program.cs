using System.Text;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;

// Usage: ServiceBusEmulator.CrashProbe <data-dir>
// Prints one line per acknowledged change ("acked <id>", "locked <id> <lock-token>", "completed <id>"), then keeps
// sending until it is killed. A line is printed only after the broker acknowledged the change, so every printed
// "acked" is a promise the restarted broker must keep.
var dataDirectory = args[0];
var configuration = new EmulatorConfiguration
{
    Queues = [new QueueDefinition("q1") { Properties = new EntityProperties { LockDuration = TimeSpan.FromMinutes(5) } }],
};
var broker = await MessageBroker.StartAsync(configuration, new BrokerOptions { DataDirectory = dataDirectory });
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
output.WriteLine("ready");

var next = 0;
async Task SendAsync(int count)
{
    var batch = Enumerable.Range(next, count)
        .Select(i => new BrokerMessage(Encoding.UTF8.GetBytes($"body-{i}")) { MessageId = $"m{i}" })
        .ToList();
    next += count;
    var result = await broker.SendAsync("q1", batch);
    if (!result.IsSuccess)
    {
        output.WriteLine($"error {result.Error!.Condition}");
        return;
    }

    foreach (var message in batch)
    {
        output.WriteLine($"acked {message.MessageId}");
    }
}

for (var i = 0; i < 20; i++)
{
    await SendAsync(1 + (i % 3));
}

using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
var received = receiver.TryReceive(10).Value;
foreach (var message in received.Take(5))
{
    if ((await broker.CompleteAsync("q1", message.LockToken)).IsSuccess)
    {
        output.WriteLine($"completed {message.MessageId}");
    }
}

foreach (var message in received.Skip(5))
{
    output.WriteLine($"locked {message.MessageId} {message.LockToken}");
}

output.WriteLine("steady");
while (true)
{
    await SendAsync(1 + (next % 7));
}

internal static class ResultExtensions
{
    public static T Ok<T>(this BrokerResult<T> result) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error!.Description);
}
