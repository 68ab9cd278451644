using Producer.Apis;
using Producer.Extensions;
using ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapStoreEventsApi();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point; public so that tests can host the producer with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
