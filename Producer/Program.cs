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
