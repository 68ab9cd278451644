using Consumer.Extensions;
using ServiceDefaults;

// Today the consumer prepares its storage (EventArchive, EventStore) and waits; receiving from Service Bus
// arrives with the Service Bus client.
var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStorage();
builder.Build().Run();
