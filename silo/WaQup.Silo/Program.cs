using WaQup.Api;
using WaQup.Silo.Hosting;

// The content root is the app's own folder, so appsettings.json is found wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables("WAQUP_");
builder.AddWaQupNode();
builder.AddWaQupApi();

var app = builder.Build();
app.MapWaQupNode();
await app.RunAsync();

/// <summary>The silo process, co-hosting the api; public so tests can start it in-process.</summary>
public partial class Program;
