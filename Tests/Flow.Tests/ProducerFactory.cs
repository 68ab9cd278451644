using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Producer.Apis;

namespace Flow.Tests;

/// <summary>
/// The real producer (any type of its assembly names it: both services have a Program), on a test server, sending to the emulator.
/// </summary>
public sealed class ProducerFactory(string serviceBusConnectionString, string queueName) : WebApplicationFactory<StoreEventsApiOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Environment variables, like the AppHost gives them: the composition root reads them before the host is built.
        builder.UseSetting("ConnectionStrings:servicebus", serviceBusConnectionString);
        builder.UseSetting("ServiceBus:QueueName", queueName);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:servicebus"] = serviceBusConnectionString,
            ["ServiceBus:QueueName"] = queueName,
        }));
    }
}
