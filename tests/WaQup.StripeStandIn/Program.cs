using System.Runtime.InteropServices;
using WaQup.Tests.Billing;

// The stand-in as a process, for tests that cannot host it themselves (the web app's browser tests):
//   WaQup.StripeStandIn --secret <whsec_...> [--webhook <url>] [--api-key <sk_...>]
// It listens on a free loopback port, prints one line "api_base=<url>", delivers what its hosted checkout page
// produces to the webhook, and runs until SIGTERM (or SIGINT).
string? secret = null, webhook = null, apiKey = StripeStandIn.DefaultApiKey;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--secret": secret = value; i++; break;
        case "--webhook": webhook = value; i++; break;
        case "--api-key": apiKey = value ?? apiKey; i++; break;
        default:
            Console.Error.WriteLine($"unknown argument: {args[i]}");
            Console.Error.WriteLine("usage: WaQup.StripeStandIn --secret <whsec_...> [--webhook <url>] [--api-key <sk_...>]");
            return 2;
    }
}
if (string.IsNullOrEmpty(secret))
{
    Console.Error.WriteLine("--secret <whsec_...> is required");
    return 2;
}
Uri? endpoint = null;
if (webhook is not null && !Uri.TryCreate(webhook, UriKind.Absolute, out endpoint))
{
    Console.Error.WriteLine($"--webhook is not an absolute url: {webhook}");
    return 2;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

await using var standIn = await StripeStandIn.StartAsync(secret, apiKey);
standIn.WebhookEndpoint = endpoint;
Console.Out.WriteLine($"api_base={standIn.ApiBase}");
Console.Out.Flush();
await stop.Task;
Console.Error.WriteLine($"stopping; {standIn.Deliveries.Count} webhook deliveries made");
return 0;
