using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WaQup.Api.Conversation;
using WaQup.Grains.Telemetry;

namespace WaQup.Silo.Hosting;

/// <summary>
/// OpenTelemetry for both roles: metrics (the engine's <c>WaQup</c> meter, Orleans, ASP.NET Core, HttpClient, Npgsql)
/// scraped by Prometheus at <c>/metrics</c>, and traces across the api, the grains and the providers, exported over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard variable).
/// </summary>
/// <remarks>
/// Spans are recorded only when they go somewhere (<c>Observability:Tracing</c>, on by default exactly when an OTLP
/// endpoint is set): otherwise nobody listens to the sources, and every grain call, event and query starts no span at
/// all. Recorded for nobody, they cost the unpaced events benchmark about a tenth of the engine's time per message
/// (docs/benchmarks.md).
/// </remarks>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    /// <summary>Orleans' grain-call spans; its runtime sources (membership, timers) are left out: they are noise.</summary>
    private const string OrleansApplicationSource = "Microsoft.Orleans.Application";
    private const string OrleansMeter = "Microsoft.Orleans";

    public static WebApplicationBuilder AddWaQupObservability(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var serviceName = configuration.GetValue("Observability:ServiceName", "waqup")!;
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var traced = configuration.GetValue("Observability:Tracing", otlp);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(serviceName, serviceInstanceId: configuration["Orleans:SiloName"] ?? Environment.MachineName)
                .AddAttributes([new("waqup.role", configuration.GetValue("Role", "silo")!)]))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(WaQupMetrics.Name, OrleansMeter)
                    .AddAspNetCoreInstrumentation()
                    // Kestrel's buffer pool counts every 4 KiB block rented and returned, a few a message: too hot a
                    // path to count. What it allocates and evicts (rare, and what an operator watches) stays.
                    .AddView("aspnetcore.memory_pool.rented", MetricStreamConfiguration.Drop)
                    .AddView("aspnetcore.memory_pool.pooled", MetricStreamConfiguration.Drop)
                    .AddView("aspnetcore.memory_pool.used", MetricStreamConfiguration.Drop)
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                if (!traced)
                {
                    return;
                }

                tracing.AddSource(WaQupMetrics.Name, ConversationBridge.Tracing.Name, OrleansApplicationSource)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path != MetricsPath)
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// <c>Observability:MetricsPort</c>: Prometheus scrapes there, without a token, as it does inside a cluster. It is
    /// a port of its own (9464, OpenTelemetry's Prometheus default), so the public Service and Ingress, which expose only
    /// the api's port, never show the metrics. 0 serves them on the api's port instead (tests).
    /// </summary>
    public static int MetricsPort(IConfiguration configuration) => configuration.GetValue("Observability:MetricsPort", 9464);

    public static WebApplication MapWaQupObservability(this WebApplication app)
    {
        var scrape = app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        if (MetricsPort(app.Configuration) is > 0 and var port)
        {
            scrape.RequireHost($"*:{port}");
        }

        return app;
    }
}
