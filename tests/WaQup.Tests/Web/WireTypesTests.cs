using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using WaQup.Abstractions.Protocol;
using WaQup.Abstractions.Rest;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Web;

/// <summary>
/// The web app's wire types (<c>clients/web/src/protocol/wire.ts</c>) checked against the C# records they mirror, so
/// neither can change without the other: each event's discriminator, every field's name, type and optionality, the
/// unions; and every client message shaped as the app types it is read by the server's own parser.
/// </summary>
public sealed partial class WireTypesTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, TsInterface>> Interfaces = new(() => ParseInterfaces(WireTs()));

    /// <summary>Values the server accepts for the fields of the client messages that take only certain words.</summary>
    private static readonly Dictionary<string, JsonNode> Samples = new()
    {
        ["audio_format"] = "pcm16",
        ["turn_detection"] = SessionStartCommand.Manual,
        ["kind"] = "meditation",
        ["duration_minutes"] = 7,
    };

    public static TheoryData<string> ServerEvents => [.. ServerEventTypes().Select(t => t.Type.Name)];

    public static TheoryData<string> ClientEvents => [.. ClientEventTypes().Select(t => t.Name)];

    public static TheoryData<string> RestRecords => [.. Interfaces.Value.Keys.Where(name => !name.EndsWith("Event", StringComparison.Ordinal) && !name.EndsWith("Command", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(ServerEvents))]
    public void Each_server_event_has_its_interface_with_its_discriminator_and_every_field(string name)
    {
        var (type, discriminator) = ServerEventTypes().Single(t => t.Type.Name == name);
        var ts = Interface(name);

        Assert.Equal($"\"{discriminator}\"", ts.Fields.Single(f => f.Name == "type").Type);
        AssertSameFields(type, WireJson.Options, ts, sentByServer: true);
    }

    [Theory]
    [MemberData(nameof(ClientEvents))]
    public void Each_client_message_typed_as_the_app_types_it_is_read_by_the_server_as_that_event(string name)
    {
        var type = ClientEventTypes().Single(t => t.Name == name);
        var ts = Interface(name);
        var message = new JsonObject();
        foreach (var field in ts.Fields)
        {
            message[field.Name] = field.Name == "type" ? JsonValue.Create(field.Type.Trim('"')) : Sample(field);
        }

        var (parsed, error) = ClientEventParser.Parse(Encoding.UTF8.GetBytes(message.ToJsonString()));

        Assert.True(error is null, $"{message.ToJsonString()}: {error?.Message}");
        Assert.IsType(type, parsed);
        AssertSameFields(type, WireJson.Options, ts, sentByServer: false);
        // Every field arrived where the record keeps it.
        var read = JsonSerializer.SerializeToNode(parsed, type, WireJson.Options)!.AsObject();
        foreach (var field in ts.Fields.Where(f => f.Name != "type"))
        {
            Assert.True(JsonNode.DeepEquals(message[field.Name], read[field.Name]), $"{name}.{field.Name}: sent {message[field.Name]}, read {read[field.Name]}");
        }
    }

    [Theory]
    [MemberData(nameof(RestRecords))]
    public void Each_rest_record_the_app_reads_or_sends_matches_its_interface(string name)
    {
        var type = typeof(MeResponse).Assembly.GetTypes().SingleOrDefault(t => t.Name == name && t.Namespace is "WaQup.Abstractions.Rest" or "WaQup.Abstractions.Protocol");

        Assert.True(type is not null, $"wire.ts declares {name}, which no record of WaQup.Abstractions is");
        AssertSameFields(type, WireJson.Options, Interface(name), sentByServer: !name.EndsWith("Request", StringComparison.Ordinal));
    }

    [Fact]
    public void The_unions_list_every_event_and_nothing_else()
    {
        var source = WireTs();

        Assert.Equal(ServerEventTypes().Select(t => t.Type.Name).Order(), Union(source, "ServerEvent").Order());
        Assert.Equal(ClientEventTypes().Select(t => t.Name).Order(), Union(source, "ClientEvent").Order());
    }

    private static void AssertSameFields(Type type, JsonSerializerOptions options, TsInterface ts, bool sentByServer)
    {
        var info = options.GetTypeInfo(type);
        var nullability = new NullabilityInfoContext();
        var csharp = info.Properties.ToDictionary(p => p.Name);
        var fields = ts.Fields.Where(f => f.Name != "type").ToDictionary(f => f.Name);
        Assert.True(
            csharp.Keys.Order().SequenceEqual(fields.Keys.Order()),
            $"{type.Name}: C# has {string.Join(", ", csharp.Keys.Order())}; wire.ts has {string.Join(", ", fields.Keys.Order())}");
        foreach (var (jsonName, property) in csharp)
        {
            var field = fields[jsonName];
            var member = type.GetProperty(((PropertyInfo)property.AttributeProvider!).Name)!;
            var nullable = Nullable.GetUnderlyingType(member.PropertyType) is not null || nullability.Create(member).ReadState == NullabilityState.Nullable;
            var expected = TsType(Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType);
            Assert.True(expected == field.BareType, $"{type.Name}.{jsonName}: {member.PropertyType.Name} is {expected} in TypeScript, wire.ts says {field.Type}");
            if (nullable)
            {
                Assert.True(field.Optional || field.Nullable, $"{type.Name}.{jsonName} may be null or absent, but wire.ts makes it always there");
            }
            else if (sentByServer)
            {
                Assert.True(!field.Optional && !field.Nullable, $"{type.Name}.{jsonName} is always sent, but wire.ts lets it be absent or null");
            }
        }
    }

    private static string TsType(Type type)
    {
        if (type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type.IsEnum)
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "number";
        }

        var element = type.IsArray ? type.GetElementType() : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return element is not null ? $"{TsType(element)}[]" : type.Name;
    }

    private static JsonNode Sample(TsField field) =>
        Samples.TryGetValue(field.Name, out var sample) ? sample.DeepClone()
        : field.BareType switch
        {
            "string" => JsonValue.Create($"a-{field.Name.Replace('_', '-')}"),
            "number" => JsonValue.Create(3),
            "boolean" => JsonValue.Create(true),
            var other => throw new InvalidOperationException($"no sample for a client field of type {other}"),
        };

    private static IEnumerable<(Type Type, string Discriminator)> ServerEventTypes() =>
        typeof(ServerEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (a.DerivedType, (string)a.TypeDiscriminator!));

    private static IEnumerable<Type> ClientEventTypes() =>
        typeof(ClientEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ClientEvent)) && !t.IsAbstract);

    private static TsInterface Interface(string name) =>
        Interfaces.Value.TryGetValue(name, out var ts) ? ts : throw new Xunit.Sdk.XunitException($"wire.ts has no interface {name}");

    private static IReadOnlyDictionary<string, TsInterface> ParseInterfaces(string source) =>
        InterfacePattern().Matches(source).ToDictionary(
            m => m.Groups["name"].Value,
            m => new TsInterface(FieldPattern().Matches(m.Groups["body"].Value).Select(f => new TsField(f.Groups["name"].Value, f.Groups["optional"].Success, f.Groups["type"].Value.Trim())).ToList()));

    private static IEnumerable<string> Union(string source, string name)
    {
        var match = Regex.Match(source, $@"export type {name}\s*=(?<members>[^;]*);");
        Assert.True(match.Success, $"wire.ts has no union {name}");
        return match.Groups["members"].Value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string WireTs() => File.ReadAllText(Path.Combine(Repository.Root, "clients", "web", "src", "protocol", "wire.ts"));

    [GeneratedRegex(@"export interface (?<name>\w+)\s*\{(?<body>[^}]*)\}")]
    private static partial Regex InterfacePattern();

    [GeneratedRegex(@"^\s*(?<name>\w+)(?<optional>\?)?\s*:\s*(?<type>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex FieldPattern();

    private sealed record TsInterface(IReadOnlyList<TsField> Fields);

    private sealed record TsField(string Name, bool Optional, string Type)
    {
        public bool Nullable => Type.Split('|', StringSplitOptions.TrimEntries).Contains("null");

        public string BareType => string.Join(" | ", Type.Split('|', StringSplitOptions.TrimEntries).Where(t => t != "null"));
    }
}
