using System.Text.Json;

namespace WaQup.Abstractions.Protocol;

/// <summary>Reads one client text frame into a <see cref="ClientEvent"/>, or says exactly what is wrong with it.</summary>
public static class ClientEventParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };

    private const string NotText = "a string in the message is not valid text (a lone surrogate escape or invalid UTF-8)";

    /// <summary>Either the event, or the error to send back (never both).</summary>
    public static (ClientEvent? Event, ErrorEvent? Error) Parse(ReadOnlyMemory<byte> utf8)
    {
        if (TryReadAck(utf8.Span, out var acknowledged))
        {
            return (new AudioAckCommand(acknowledged), null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException)
        {
            return Fail(ErrorCodes.BadRequest, "the message is not valid JSON");
        }

        using (document)
        {
            try
            {
                return (Read(document.RootElement), null);
            }
            catch (FieldException error)
            {
                return Fail(error.Code, error.Message);
            }
            catch (InvalidOperationException)
            {
                // The reader accepts a lone surrogate escape ("\ud800") and raw invalid UTF-8 inside a string, and only
                // fails when that string or a property name is decoded (or compared): every kind is checked before a
                // value is read, so this is the only thing it can mean. Bad input costs an exception, the common path nothing.
                return Fail(ErrorCodes.BadRequest, NotText);
            }
        }
    }

    private static ClientEvent Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException("the message must be a JSON object");
        }

        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new FieldException("the message needs a string field 'type'");
        }

        return typeElement.GetString() switch
        {
            "session.start" => new SessionStartCommand(
                OptionalString(root, "session_id", 128),
                OptionalString(root, "resume_token", 256),
                OptionalUInt(root, "last_audio_seq") ?? 0,
                OptionalString(root, "audio_format", 32),
                TurnDetection(root)),
            "user.text" => new UserTextCommand(RequiredText(root, "text", ClientEvent.MaxTextLength)),
            "ritual.request" => RitualRequest(root),
            "user.confirm" => new UserConfirmCommand(RequiredBool(root, "accept")),
            "input_audio.commit" => new InputAudioCommitCommand(),
            "response.cancel" => new ResponseCancelCommand(),
            "audio.ack" => new AudioAckCommand(OptionalUInt(root, "seq") ?? throw new FieldException("'seq' is required")),
            "session.end" => new SessionEndCommand(),
            var other => throw new FieldException($"unknown event type '{Truncate(other)}'"),
        };
    }

    /// <summary>
    /// Reads an ack in its plain form (an object of exactly <c>type</c> "audio.ack" and a whole-number <c>seq</c>)
    /// without building a document: a client sends one per audio frame. Anything else, including every malformed
    /// ack, is left to the full reading, which says what is wrong.
    /// </summary>
    public static bool TryReadAck(ReadOnlySpan<byte> utf8, out uint seq)
    {
        seq = 0;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool typeSeen = false, seqSeen = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8) && !typeSeen)
                {
                    typeSeen = reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("audio.ack"u8);
                    if (!typeSeen)
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("seq"u8) && !seqSeen)
                {
                    seqSeen = reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out seq);
                    if (!seqSeen)
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }

            // The object must end here, with nothing but white space after it.
            return typeSeen && seqSeen && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // A name that cannot be decoded (a lone surrogate escape) is not the plain form either.
            return false;
        }
    }

    private static string TurnDetection(JsonElement root) =>
        OptionalString(root, "turn_detection", 32) switch
        {
            null or SessionStartCommand.ServerVad => SessionStartCommand.ServerVad,
            SessionStartCommand.Manual => SessionStartCommand.Manual,
            _ => throw new FieldException("'turn_detection' must be server_vad or manual"),
        };

    private static RitualRequestCommand RitualRequest(JsonElement root)
    {
        var kind = OptionalString(root, "kind", 32) ?? throw new FieldException("'kind' is required");
        if (!WireJson.TryParseKind(kind, out _))
        {
            throw new FieldException("'kind' must be affirmation, meditation or ritual");
        }

        var topic = RequiredText(root, "topic", ClientEvent.MaxTopicLength);
        var minutes = OptionalUInt(root, "duration_minutes");
        if (minutes is < 1 or > 60)
        {
            throw new FieldException("'duration_minutes' must be between 1 and 60");
        }

        var voice = OptionalString(root, "voice", 64);
        var confirm = root.TryGetProperty("confirm", out var c) && c.ValueKind != JsonValueKind.Null
            ? c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : throw new FieldException("'confirm' must be a boolean")
            : false;
        return new RitualRequestCommand(kind, topic, (int?)minutes, voice, confirm);
    }

    private static string RequiredText(JsonElement root, string name, int maxLength)
    {
        var value = OptionalString(root, name, int.MaxValue) ?? throw new FieldException($"'{name}' is required");
        if (value.Length > maxLength)
        {
            throw new FieldException($"'{name}' is longer than {maxLength} characters", ErrorCodes.MessageTooLarge);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FieldException($"'{name}' must not be empty");
        }

        return value;
    }

    private static string? OptionalString(JsonElement root, string name, int maxLength)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            throw new FieldException($"'{name}' must be a string");
        }

        var value = element.GetString()!;
        return value.Length <= maxLength
            ? value
            : throw new FieldException($"'{name}' is longer than {maxLength} characters", ErrorCodes.MessageTooLarge);
    }

    private static bool RequiredBool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? element.GetBoolean()
            : throw new FieldException($"'{name}' is required and must be a boolean");

    private static uint? OptionalUInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetUInt32(out var value)
            ? value
            : throw new FieldException($"'{name}' must be a whole number from 0 to {uint.MaxValue}");
    }

    private static string Truncate(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";

    private static (ClientEvent?, ErrorEvent?) Fail(string code, string message) => (null, new ErrorEvent(code, message, false));

    private sealed class FieldException(string message, string code = ErrorCodes.BadRequest) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
