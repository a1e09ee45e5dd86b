using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Billing;

/// <summary>Without Stripe's secrets: what is for sale is still listed, and every other billing endpoint says payments are off (503).</summary>
public sealed class PaymentsOffTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_lists_answer_and_checkout_portal_and_webhook_answer_503_with_the_reason()
    {
        using var http = fixture.Server.HttpFor(Users.New("off"));

        Assert.NotEmpty((await http.GetFromJsonAsync<JsonArray>("/v1/billing/packs", Cancel))!);
        Assert.NotEmpty((await http.GetFromJsonAsync<JsonArray>("/v1/billing/plans", Cancel))!);

        using var checkout = await http.PostAsJsonAsync("/v1/billing/checkout", new { pack_id = "starter" }, Cancel);
        using var portal = await http.PostAsync("/v1/billing/portal", null, Cancel);
        using var webhook = await fixture.Server.HttpFor(null).PostAsync("/v1/billing/webhook", new StringContent("{}", Encoding.UTF8, "application/json"), Cancel);
        using var subscription = await http.GetAsync("/v1/me/subscription", Cancel);
        foreach (var response in new[] { checkout, portal, webhook, subscription })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Cancel);
            Assert.Contains("STRIPE_SECRET_KEY", (string?)problem!["detail"], StringComparison.Ordinal);
        }

        // An unknown pack is still a 404, payments on or off.
        using var unknown = await http.PostAsJsonAsync("/v1/billing/checkout", new { pack_id = "gold" }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
