using ServiceDefaults;

// Today the producer is a web host with health endpoints; its events API arrives with the Service Bus client,
// because an endpoint that generates events without sending them would only pretend.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
