using System.Text;

namespace WaQup.Tests.Conversation;

/// <summary>
/// Mutated JSON objects from a seed: a valid event (or body) with fields given wrong types, huge or negative numbers,
/// nulls, lone surrogates, deep nesting, unknown or duplicated keys, and whole messages truncated or laced with random
/// bytes. The same seed gives the same messages, so a failure can be replayed.
/// </summary>
public sealed class JsonFuzzer(int seed)
{
    /// <summary>One valid event of every client type in PROTOCOL.md, with all its fields.</summary>
    private static readonly (string Name, string Value)[][] ClientEvents =
    [
        [("type", "\"session.start\""), ("session_id", "\"ses_0123456789abcdef0123456789abcdef\""), ("resume_token", "\"token\""),
            ("last_audio_seq", "0"), ("audio_format", "\"pcm16\""), ("turn_detection", "\"manual\"")],
        [("type", "\"user.text\""), ("text", "\"hello there\"")],
        [("type", "\"ritual.request\""), ("kind", "\"meditation\""), ("topic", "\"sleep\""), ("duration_minutes", "5"), ("voice", "\"default\""), ("confirm", "false")],
        [("type", "\"user.confirm\""), ("accept", "true")],
        [("type", "\"input_audio.commit\"")],
        [("type", "\"response.cancel\"")],
        [("type", "\"audio.ack\""), ("seq", "3")],
        [("type", "\"session.end\"")],
    ];

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-0", "-1", "1.5", "-2147483649", "4294967296", "18446744073709551616", "1e400", "-1e400",
        "\"\"", "\"   \"", "\"x\"", "\"\\ud800\"", "\"a\\udc00b\"", "\"\\udfff\\ud800\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"\u00fcn\u00efcode \u2615\"",
        "\"audio.ack\"", "\"user.text\"", "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":1}}",
    ];

    private readonly Random _random = new(seed);

    /// <summary>A mutation of one of the client events.</summary>
    public byte[] NextEvent() => Next(ClientEvents[_random.Next(ClientEvents.Length)]);

    /// <summary>A mutation of <paramref name="template"/>; now and then its bytes are broken too.</summary>
    public byte[] Next((string Name, string Value)[] template)
    {
        var fields = template.Select(f => (Name: Quote(f.Name), f.Value)).Where((_, i) => i == 0 || _random.Next(4) > 0).ToList();
        for (int i = 0, mutations = 1 + _random.Next(3); i < mutations; i++)
        {
            MutateField(fields);
        }

        var bytes = Encoding.UTF8.GetBytes("{" + string.Join(",", fields.Select(f => $"{f.Name}:{f.Value}")) + "}");
        return _random.Next(6) == 0 ? MutateBytes(bytes) : bytes;
    }

    private void MutateField(List<(string Name, string Value)> fields)
    {
        var at = fields.Count == 0 ? 0 : _random.Next(fields.Count);
        switch (_random.Next(7))
        {
            case 0 when fields.Count > 0:
                fields[at] = (fields[at].Name, Values[_random.Next(Values.Length)]);
                break;
            case 1 when fields.Count > 0:
                fields[at] = (fields[at].Name, GeneratedValue());
                break;
            case 2 when fields.Count > 0:
                fields[at] = (Pick(Quote(fields[at].Name.Trim('"').ToUpperInvariant()), "\"\\ud800\"", $"\"{fields[at].Name.Trim('"')}\\udc00\"", "\"\""), fields[at].Value);
                break;
            case 3:
                fields.Insert(at, (Pick("\"extra\"", "\"\\u0074ype\"", "\"\\ud800\"", Quote(RandomAscii(8))), Values[_random.Next(Values.Length)]));
                break;
            case 4 when fields.Count > 0:
                fields.Insert(_random.Next(fields.Count + 1), (fields[at].Name, Values[_random.Next(Values.Length)]));
                break;
            case 5 when fields.Count > 0:
                fields.RemoveAt(at);
                break;
            default:
                fields.Insert(0, ("\"type\"", Pick("\"USER.TEXT\"", "\"\"", "\"\\ud800\"", "\"session.start \"", Quote(RandomAscii(12)), "7", "null")));
                break;
        }
    }

    private string GeneratedValue()
    {
        var depth = 2 + _random.Next(200);
        return _random.Next(4) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            2 => Quote(new string('a', 3990 + _random.Next(20))),
            _ => Quote(RandomAscii(1 + _random.Next(40))),
        };
    }

    private byte[] MutateBytes(byte[] bytes)
    {
        switch (_random.Next(4))
        {
            case 0:
                return bytes[.._random.Next(bytes.Length)];
            case 1:
                var noise = new byte[1 + _random.Next(4)];
                _random.NextBytes(noise);
                var at = _random.Next(bytes.Length + 1);
                return [.. bytes[..at], .. noise, .. bytes[at..]];
            case 2:
                var garbage = new byte[1 + _random.Next(64)];
                _random.NextBytes(garbage);
                return garbage;
            default:
                var flipped = bytes.ToArray();
                flipped[_random.Next(flipped.Length)] ^= (byte)(1 << _random.Next(8));
                return flipped;
        }
    }

    /// <summary>Printable ASCII, quotes and backslashes included: the JSON around it may come out malformed, as intended.</summary>
    private string RandomAscii(int length) => string.Create(length, _random, (span, random) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)random.Next(0x20, 0x7F);
        }
    });

    private string Pick(params string[] choices) => choices[_random.Next(choices.Length)];

    private static string Quote(string name) => name.StartsWith('"') ? name : $"\"{name}\"";
}
