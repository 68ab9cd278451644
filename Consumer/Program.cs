using Consumer.Extensions;
using Microsoft.AspNetCore.Builder;
using ServiceDefaults;

// Today the consumer prepares its storage (EventArchive, EventStore), serves /health (ready when Blob and Cosmos
// answer) and /alive, and waits: receiving from Service Bus arrives with the Service Bus client.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStorage();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
