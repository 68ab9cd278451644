using System.Text;
using ServiceBusEmulator.Administration;
using ServiceBusEmulator.Hosting;
using ServiceBusEmulator.Security;

namespace ServiceBusEmulator.Tests.Administration;

public sealed class AdministrationLogTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sbadminlog-").FullName;

    private EmulatorOptions Options => new() { Port = 0, ManagementPort = -1, DataDirectory = _dataDirectory };

    private static AdministrationRequest CreateQueue(string name) => new(
        "PUT",
        name,
        new Dictionary<string, string>(),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = "localhost",
            ["Authorization"] = SasTokenGenerator.Create("http://localhost/", EmulatorOptions.DefaultKeyName, EmulatorOptions.DefaultKey, DateTimeOffset.UtcNow.AddMinutes(5)),
        },
        Encoding.UTF8.GetBytes("""
            <entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml">
            <QueueDescription xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect"><MaxDeliveryCount>3</MaxDeliveryCount></QueueDescription>
            </content></entry>
            """));

    [Fact]
    public async Task A_torn_last_line_is_cut_off_and_the_changes_around_it_come_back()
    {
        await using (var host = await ServiceBusEmulatorHost.StartAsync(Options))
        {
            Assert.Equal(201, (await host.Administration.HandleAsync(CreateQueue("created"))).StatusCode);
        }

        await File.AppendAllTextAsync(Path.Combine(_dataDirectory, "administration.log"), "{\"At\":\"2026-01-01T00:00:00+00:00\",\"Meth");

        await using (var restarted = await ServiceBusEmulatorHost.StartAsync(Options))
        {
            Assert.True(restarted.Broker.Describe("created").IsSuccess);
            Assert.Equal(409, (await restarted.Administration.HandleAsync(CreateQueue("created"))).StatusCode);
            Assert.Equal(201, (await restarted.Administration.HandleAsync(CreateQueue("after-the-tear"))).StatusCode);
        }

        await using var again = await ServiceBusEmulatorHost.StartAsync(Options);
        Assert.True(again.Broker.Describe("created").IsSuccess);
        Assert.True(again.Broker.Describe("after-the-tear").IsSuccess);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
