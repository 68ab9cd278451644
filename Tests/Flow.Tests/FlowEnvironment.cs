using NodeEmulators;
using ServiceBusEmulator.Hosting;

namespace Flow.Tests;

/// <summary>
/// The three real emulators the flow needs, on free 127.0.0.1 ports: our Service Bus emulator in this process (queue
/// <c>store-events</c>), Azurite and the Cosmos DB emulator as Node processes. One set per test class; all stopped in
/// <see cref="DisposeAsync"/>, also after a half-failed start.
/// </summary>
public sealed class FlowEnvironment : IAsyncLifetime
{
    public const string QueueName = "store-events";

    // Same as QueueName with a 5 s lock, so a killed consumer's messages come back quickly; one per test, because
    // the counts include the queue's dead-letter queue.
    public const string SigkillQueueName = "store-events-sigkill";

    public const string SigtermQueueName = "store-events-sigterm";

    // For the settlement tests, one queue each (their dead-letter queues are counted): three deliveries before the
    // broker dead-letters, and a lock of a minute or more, so a quick redelivery can only be an abandon.
    public const string BlobOutageQueueName = "store-events-blob-outage";

    public const string CosmosOutageQueueName = "store-events-cosmos-outage";

    public const string HandlerBugQueueName = "store-events-handler-bug";

    public const string ConflictQueueName = "store-events-conflict";

    public const string DuplicateQueueName = "store-events-duplicate";

    public ServiceBusEmulatorHost ServiceBus { get; private set; } = null!;

    public AzuriteEmulator Azurite { get; private set; } = null!;

    public CosmosEmulator Cosmos { get; private set; } = null!;

    public string ServiceBusConnectionString => ServiceBus.ConnectionString!;

    public async Task InitializeAsync()
    {
        var serviceBus = ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            ConfigPath = Path.Combine(AppContext.BaseDirectory, "Config.json"),
            Port = 0,
            ManagementPort = -1,
        });
        var azurite = AzuriteEmulator.StartAsync();
        var cosmos = CosmosEmulator.StartAsync();
        try
        {
            await Task.WhenAll(serviceBus, azurite, cosmos);
        }
        finally
        {
            ServiceBus = serviceBus.IsCompletedSuccessfully ? serviceBus.Result : null!;
            Azurite = azurite.IsCompletedSuccessfully ? azurite.Result : null!;
            Cosmos = cosmos.IsCompletedSuccessfully ? cosmos.Result : null!;
        }
    }

    /// <summary>The settings the AppHost gives the producer and the consumers, pointing at these emulators.</summary>
    public Dictionary<string, string?> ServiceSettings(string container, string queueName = QueueName) => new()
    {
        ["ConnectionStrings:servicebus"] = ServiceBusConnectionString,
        ["ConnectionStrings:blobs"] = Azurite.ConnectionString,
        ["ConnectionStrings:cosmos"] = Cosmos.ConnectionString,
        ["ServiceBus:QueueName"] = queueName,
        ["EventArchive:ContainerName"] = container,
        ["EventArchive:CreateIfNotExists"] = "true",
        ["EventStore:DatabaseName"] = container,
        ["EventStore:ContainerName"] = "events",
        ["EventStore:CreateIfNotExists"] = "true",
    };

    public async Task DisposeAsync()
    {
        if (ServiceBus is not null)
        {
            await ServiceBus.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }

        if (Cosmos is not null)
        {
            await Cosmos.DisposeAsync();
        }
    }
}
