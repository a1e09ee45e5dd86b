using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary>
/// <c>/openapi/v1.json</c> describes every REST operation with the records of its bodies, by their wire names, and every
/// error it declares as problem details: an endpoint that answers with an anonymous object leaves a hole here.
/// </summary>
public sealed class OpenApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Ritual = "/v1/rituals/{id}";
    private const string Costs = "/v1/ops/costs";
    private const string RitualCosts = "/v1/ops/costs/rituals/{ritual_id}";
    private static readonly string[] CostUsage = ["calls", "input_tokens", "output_tokens", "characters", "audio_seconds"];

    private static readonly string[] Preferences = ["voice", "locale", "default_duration_minutes", "sound_bed"];

    private static readonly string[] RitualFields = ["ritual_id", "kind", "title", "duration_ms", "created_at"];

    private const string Pack = "/v1/packs/{id}";

    private static readonly string[] PackFields =
        ["pack_id", "title", "description", "creator", "price_credits", "tags", "status", "rituals", "owned", "rating", "plays",
         "rating_count", "purchases", "duration_ms", "published_at"];

    public static TheoryData<string, string, int, string, string[]> Answers => new()
    {
        { "get", "/healthz", 200, "", ["status"] },
        { "get", "/readyz", 200, "", ["status", "silos"] },
        { "post", "/v1/auth/dev-token", 200, "", ["access_token", "token_type", "expires_in"] },
        { "get", "/v1/me", 200, "", ["user_id", "display_name", "preferences", "credits", "listening"] },
        { "get", "/v1/me", 200, "listening", ["streak_days", "longest_streak_days", "total_minutes"] },
        { "post", "/v1/plays", 202, "", ["counted", "completed", "note"] },
        { "get", "/v1/me", 200, "preferences", Preferences },
        { "get", "/v1/me", 200, "credits", ["balance", "reserved"] },
        { "patch", "/v1/me", 200, "", ["user_id", "display_name", "preferences", "credits", "listening"] },
        { "patch", "/v1/me/preferences", 200, "", Preferences },
        { "get", "/v1/me/credits", 200, "", ["balance", "reserved", "ledger", "next_before"] },
        { "get", "/v1/me/credits", 200, "ledger.[]", ["id", "kind", "amount", "at", "reason"] },
        { "get", "/v1/library", 200, "[]", [.. RitualFields, "source"] },
        { "get", "/v1/voices", 200, "[]", ["id", "name", "description", "default"] },
        { "get", Ritual, 200, "", [.. RitualFields, "script", "voice", "audio_url", "audio_content_type", "credits_charged"] },
        { "get", Costs, 200, "", ["from", "to", "rituals", "ritual_minutes", "providers"] },
        { "get", Costs, 200, "providers.[]", ["provider", "currency", "usage", "cost", "ritual_cost", "cost_per_minute", "ritual_cost_per_minute"] },
        { "get", Costs, 200, "providers.[].usage", CostUsage },
        { "get", RitualCosts, 200, "", ["ritual_id", "duration_ms", "calls", "totals"] },
        { "get", RitualCosts, 200, "calls.[]", ["provider", "model", "operation", "usage", "cost", "currency"] },
        { "get", RitualCosts, 200, "totals.[]", ["currency", "cost", "cost_per_minute"] },
        { "put", "/v1/me/creator", 200, "", ["creator_id", "display_name", "bio"] },
        { "get", "/v1/me/creator/rewards", 200, "", ["balance", "ledger"] },
        { "get", "/v1/me/creator/packs", 200, "items.[]", ["status", "pack"] },
        { "get", "/v1/me/creator/analytics", 200, "days.[]", ["date", "plays", "completions", "purchases", "credits_earned"] },
        { "post", "/v1/packs", 201, "", PackFields },
        { "get", Pack, 200, "", PackFields },
        { "get", Pack, 200, "creator", ["creator_id", "display_name"] },
        { "get", Pack, 200, "rituals.[]", ["ritual_id", "kind", "title", "duration_ms"] },
        { "post", $"{Pack}/purchase", 200, "", ["pack_id", "credits_charged"] },
        { "post", $"{Pack}/rating", 200, "", ["pack_id", "stars", "rating", "rating_count"] },
    };

    public static TheoryData<string, string, string[]> Requests => new()
    {
        { "post", "/v1/auth/dev-token", ["user_id", "name"] },
        { "patch", "/v1/me", ["display_name"] },
        { "patch", "/v1/me/preferences", Preferences },
        { "put", "/v1/me/creator", ["display_name", "bio"] },
        { "post", "/v1/packs", ["title", "description", "ritual_ids", "price_credits", "tags"] },
        { "post", $"{Pack}/rating", ["stars"] },
    };

    public static TheoryData<string, string, int[]> Errors => new()
    {
        { "get", "/readyz", [503] },
        { "post", "/v1/auth/dev-token", [400, 413] },
        { "get", "/v1/me", [401] },
        { "patch", "/v1/me", [400, 401, 413] },
        { "patch", "/v1/me/preferences", [400, 401, 413] },
        { "get", "/v1/me/credits", [400, 401] },
        { "get", "/v1/library", [401] },
        { "post", "/v1/plays", [400, 401, 403, 404, 409, 413] },
        { "get", "/v1/voices", [401] },
        { "get", Ritual, [401, 403, 404] },
        { "get", $"{Ritual}/audio", [401, 403, 404] },
        { "delete", Ritual, [401, 403, 404] },
        { "get", Costs, [400, 401] },
        { "get", RitualCosts, [400, 401, 404] },
        { "put", "/v1/me/creator", [400, 401, 413] },
        { "get", "/v1/me/creator/analytics", [400, 401, 403] },
        { "get", "/v1/me/creator/packs", [401, 403] },
        { "post", "/v1/packs", [400, 401, 403, 404, 413] },
        { "patch", Pack, [400, 401, 403, 404, 413] },
        { "post", $"{Pack}/publish", [401, 403, 404, 409] },
        { "post", $"{Pack}/purchase", [400, 401, 402, 404] },
        { "post", $"{Pack}/rating", [400, 401, 403, 404, 413] },
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Answers))]
    public async Task An_operation_describes_its_answer_by_the_wire_names(string method, string path, int status, string at, string[] names)
    {
        var document = await DocumentAsync();
        var schema = Content(Response(document, method, path, status), "application/json");

        Assert.Equal(names.Order(), PropertyNames(document, Walk(document, schema, at)).Order());
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Requests))]
    public async Task An_operation_describes_the_body_it_reads_by_the_wire_names(string method, string path, string[] names)
    {
        var document = await DocumentAsync();
        var body = Operation(document, method, path)["requestBody"];

        Assert.True(body is not null, $"{method} {path} declares no request body");
        Assert.Equal(names.Order(), PropertyNames(document, Content(body, "application/json")).Order());
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Errors))]
    public async Task An_operation_declares_its_errors_as_problem_details(string method, string path, int[] statuses)
    {
        var document = await DocumentAsync();

        foreach (var status in statuses)
        {
            AssertProblem(document, $"{method} {path} {status}", Response(document, method, path, status));
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Audio_is_described_as_binary_audio_whole_or_in_part()
    {
        var document = await DocumentAsync();

        foreach (var status in new[] { 200, 206 })
        {
            var schema = Resolve(document, Content(Response(document, "get", $"{Ritual}/audio", status), "audio/ogg"));
            Assert.Equal("binary", (string?)schema["format"]);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Deleting_a_ritual_answers_no_content()
    {
        Assert.Null(Response(await DocumentAsync(), "delete", Ritual, 204)["content"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Every_operation_describes_a_successful_answer_and_every_error_is_a_problem()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);

        foreach (var (name, operation) in operations)
        {
            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            Assert.True(success.Any(r => r.Key == "204" || r.Value?["content"]?.AsObject().Any(c => c.Value?["schema"] is not null) == true),
                $"{name} describes no successful answer with a schema: does it answer with an anonymous object?");

            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                AssertProblem(document, $"{name} {status}", response!);
            }
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Integers_are_described_as_integers_not_as_strings()
    {
        var document = await DocumentAsync();
        var properties = document["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => (schema.Value?["properties"]?.AsObject() ?? []).Select(p => (Name: $"{schema.Key}.{p.Key}", Schema: p.Value!)));

        foreach (var (name, schema) in properties)
        {
            var types = schema["type"] is JsonArray many ? many.Select(t => (string?)t).ToList() : [(string?)schema["type"]];
            Assert.False(types.Contains("integer") && types.Contains("string"), $"{name} is described as an integer or a string");
        }
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var http = fixture.Server.HttpFor(null);
        return (await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(operation => operation.Value?["responses"] is not null)
            .Select(operation => ($"{operation.Key} {path.Key}", operation.Value!)));

    private static JsonNode Operation(JsonObject document, string method, string path) =>
        document["paths"]?[path]?[method] ?? throw new Xunit.Sdk.XunitException($"the document has no {method} {path}");

    private static JsonNode Response(JsonObject document, string method, string path, int status) =>
        Operation(document, method, path)["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
        ?? throw new Xunit.Sdk.XunitException($"{method} {path} declares no {status} answer");

    private static JsonNode Content(JsonNode holder, string mediaType) =>
        holder["content"]?[mediaType]?["schema"] ?? throw new Xunit.Sdk.XunitException($"no {mediaType} schema in {holder.ToJsonString()}");

    /// <summary>Follows a dotted path of properties from a schema; <c>[]</c> steps into an array's items.</summary>
    private static JsonNode Walk(JsonObject document, JsonNode schema, string at)
    {
        foreach (var step in at.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var resolved = Resolve(document, schema);
            schema = (step == "[]" ? resolved["items"] : resolved["properties"]?[step])
                     ?? throw new Xunit.Sdk.XunitException($"no '{step}' in {resolved.ToJsonString()}");
        }

        return schema;
    }

    private static JsonNode Resolve(JsonObject document, JsonNode schema) =>
        (string?)schema["$ref"] is { } reference
            ? document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!
            : schema;

    private static IEnumerable<string> PropertyNames(JsonObject document, JsonNode schema) =>
        Resolve(document, schema)["properties"]?.AsObject().Select(p => p.Key)
        ?? throw new Xunit.Sdk.XunitException($"not a record: {schema.ToJsonString()}");

    private static void AssertProblem(JsonObject document, string what, JsonNode response)
    {
        var schema = response["content"]?["application/problem+json"]?["schema"];
        Assert.True(schema is not null, $"{what} is not declared as application/problem+json");
        Assert.Equal("#/components/schemas/ProblemDetails", (string?)schema["$ref"]);
        Assert.Superset(new HashSet<string> { "type", "title", "status", "detail" }, PropertyNames(document, schema).ToHashSet());
    }
}
