using System.Text;
using WaQup.Abstractions.Protocol;

namespace WaQup.Tests.Conversation;

/// <summary>
/// Acks, one per audio frame, are read on a quick path; it must agree with the full reading on every input. Input that
/// is JSON but not text (lone surrogates, invalid UTF-8) is an error to answer, never an exception.
/// </summary>
public sealed class ClientEventParserTests
{
    [Theory]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":7}", 7u)]
    [InlineData(" { \"seq\" : 7 ,\n \"type\" : \"audio.ack\" } ", 7u)]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":4294967295}", uint.MaxValue)]
    [InlineData("{\"t\\u0079pe\":\"audio.ack\",\"seq\":0}", 0u)]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":7,\"extra\":[1,2]}", 7u)]
    public void Acks_in_any_valid_form_are_read(string message, uint seq)
    {
        var (evt, error) = ClientEventParser.Parse(System.Text.Encoding.UTF8.GetBytes(message));
        Assert.Null(error);
        Assert.Equal(seq, Assert.IsType<AudioAckCommand>(evt).Seq);
    }

    [Theory]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":4294967296}")]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":-1}")]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":1.5}")]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":\"7\"}")]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":null}")]
    [InlineData("{\"type\":\"audio.ack\"}")]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":7} {}")]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":7")]
    [InlineData("{\"type\":\"audio.acks\",\"seq\":7}")]
    public void Malformed_acks_get_the_full_readings_error(string message)
    {
        var (evt, error) = ClientEventParser.Parse(System.Text.Encoding.UTF8.GetBytes(message));
        Assert.Null(evt);
        Assert.Equal(ErrorCodes.BadRequest, error!.Code);
        Assert.False(error.Fatal);
    }

    public static TheoryData<string> LoneSurrogates => new()
    {
        "{\"type\":\"\\ud800\"}",
        "{\"type\":\"session.start\",\"session_id\":\"\\udfff\",\"resume_token\":\"t\"}",
        "{\"type\":\"session.start\",\"resume_token\":\"\\ud800\"}",
        "{\"type\":\"session.start\",\"audio_format\":\"pcm16\\ud800\"}",
        "{\"type\":\"user.text\",\"text\":\"\\ud800\"}",
        "{\"type\":\"user.text\",\"text\":\"a\\ud800\\u0041\"}",
        "{\"type\":\"user.text\",\"text\":\"\\ude00\\ud83d\"}",
        "{\"type\":\"ritual.request\",\"kind\":\"\\ud800\",\"topic\":\"x\"}",
        "{\"type\":\"ritual.request\",\"kind\":\"ritual\",\"topic\":\"\\ud800\"}",
        "{\"type\":\"ritual.request\",\"kind\":\"ritual\",\"topic\":\"x\",\"voice\":\"\\udbff\"}",
        "{\"\\ud800\":\"audio.ack\",\"seq\":7}",
        "{\"type\":\"audio.ack\",\"s\\ud800\":7}",
    };

    /// <summary>Unknown fields are ignored whatever they hold, unless the reader has to decode their names to pass them.</summary>
    public static TheoryData<string> LoneSurrogatesInUnknownFields => new()
    {
        "{\"type\":\"user.confirm\",\"accept\":true,\"\\ud800\":1}",
        "{\"\\ud800\":1,\"type\":\"user.confirm\",\"accept\":true}",
        "{\"type\":\"audio.ack\",\"seq\":7,\"\\ud800\":1}",
        "{\"type\":\"input_audio.commit\",\"x\":\"\\ud800\"}",
        "{\"type\":\"response.cancel\",\"x\":[\"\\udc00\",{\"\\ud800\":\"\\ud800\"}]}",
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void A_lone_surrogate_in_a_field_that_is_read_is_a_bad_request_not_an_exception(string message)
    {
        var utf8 = Encoding.UTF8.GetBytes(message);
        Assert.False(ClientEventParser.TryReadAck(utf8, out _));
        AssertBadRequest(utf8);
    }

    [Theory]
    [MemberData(nameof(LoneSurrogatesInUnknownFields))]
    public void A_lone_surrogate_in_an_unknown_field_is_ignored_or_refused_never_thrown(string message)
    {
        var utf8 = Encoding.UTF8.GetBytes(message);
        Assert.False(ClientEventParser.TryReadAck(utf8, out _));
        AssertAcceptedOrBadRequest(utf8);
    }

    [Theory]
    [InlineData("{\"type\":\"user.text\",\"text\":\"", "\"}")]
    [InlineData("{\"type\":\"", "\"}")]
    [InlineData("{\"type\":\"ritual.request\",\"kind\":\"ritual\",\"topic\":\"", "\"}")]
    public void Invalid_utf8_inside_a_string_is_a_bad_request_not_an_exception(string before, string after)
    {
        foreach (var utf8 in WithInvalidUtf8(before, after))
        {
            Assert.False(ClientEventParser.TryReadAck(utf8, out _));
            AssertBadRequest(utf8);
        }
    }

    [Theory]
    [InlineData("{\"", "\":1,\"type\":\"response.cancel\"}")]
    [InlineData("{\"type\":\"audio.ack\",\"seq\":1,\"", "\":0}")]
    public void Invalid_utf8_in_an_unknown_name_is_ignored_or_refused_never_thrown(string before, string after)
    {
        foreach (var utf8 in WithInvalidUtf8(before, after))
        {
            Assert.False(ClientEventParser.TryReadAck(utf8, out _));
            AssertAcceptedOrBadRequest(utf8);
        }
    }

    /// <summary>A stray byte, a truncated sequence, an encoded surrogate, a five-byte form, a sequence cut short.</summary>
    private static IEnumerable<byte[]> WithInvalidUtf8(string before, string after)
    {
        byte[][] invalid = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
        return invalid.Select(bytes => Encoding.UTF8.GetBytes(before).Concat(bytes).Concat(Encoding.UTF8.GetBytes(after)).ToArray());
    }

    [Fact]
    public void A_surrogate_pair_escape_is_text()
    {
        var (evt, error) = ClientEventParser.Parse(Encoding.UTF8.GetBytes("{\"type\":\"user.text\",\"text\":\"\\ud83d\\ude00\"}"));
        Assert.Null(error);
        Assert.Equal("\U0001F600", Assert.IsType<UserTextCommand>(evt).Text);
    }

    private static void AssertBadRequest(byte[] utf8)
    {
        var (evt, error) = ClientEventParser.Parse(utf8);
        Assert.Null(evt);
        Assert.Equal(ErrorCodes.BadRequest, error!.Code);
        Assert.False(error.Fatal);
    }

    private static void AssertAcceptedOrBadRequest(byte[] utf8)
    {
        var (evt, error) = ClientEventParser.Parse(utf8);
        Assert.True(evt is not null || error is { Code: ErrorCodes.BadRequest, Fatal: false }, $"{evt} {error}");
    }
}
