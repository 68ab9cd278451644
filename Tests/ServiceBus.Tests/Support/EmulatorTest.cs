using ServiceTesting;

namespace ServiceBus.Tests.Support;

/// <summary>
/// Base of the integration tests that each need a fresh emulator in this process and a client connected to it:
/// started before every test, disposed after it.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    protected InProcessServiceBus Emulator { get; private set; } = null!;

    protected ServiceBusClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await InProcessServiceBus.StartAsync();
        Client = TestClients.Create(Emulator.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
