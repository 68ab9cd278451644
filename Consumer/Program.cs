using Consumer.Extensions;
using Microsoft.AspNetCore.Builder;
using ServiceDefaults;

// Receives store events from the queue, archives each to Blob and stores it in Cosmos, and serves /health (ready
// when Blob, Cosmos and the queue answer) and /alive.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStorage();
builder.AddEventProcessing();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
