using NodeEmulators;

namespace Consumer.Tests;

/// <summary>Real Azurite and the real Cosmos DB emulator on free loopback ports, shared by one test collection.</summary>
public sealed class StorageEmulators : IAsyncLifetime
{
    public AzuriteEmulator Azurite { get; private set; } = null!;

    public CosmosEmulator Cosmos { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var azurite = AzuriteEmulator.StartAsync();
        var cosmos = CosmosEmulator.StartAsync();
        try
        {
            await Task.WhenAll(azurite, cosmos);
        }
        finally
        {
            // Whatever started is kept for DisposeAsync, so a half-failed start leaves no process behind.
            Azurite = azurite.IsCompletedSuccessfully ? azurite.Result : null!;
            Cosmos = cosmos.IsCompletedSuccessfully ? cosmos.Result : null!;
        }
    }

    public async Task DisposeAsync()
    {
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

[CollectionDefinition(Name)]
public sealed class StorageEmulatorsCollection : ICollectionFixture<StorageEmulators>
{
    public const string Name = "storage emulators";
}
