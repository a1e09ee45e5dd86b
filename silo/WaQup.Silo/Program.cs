using WaQup.Api;
using WaQup.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("WAQUP_");
builder.AddWaQupSilo();
builder.AddWaQupApi();

var app = builder.Build();
app.MapWaQupApi();
await app.RunAsync();

/// <summary>The silo process, co-hosting the api; public so tests can start it in-process.</summary>
public partial class Program;
