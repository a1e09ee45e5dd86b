using WaQup.Abstractions.Protocol;

namespace WaQup.Tests.Conversation;

/// <summary>Acks, one per audio frame, are read on a quick path; it must agree with the full reading on every input.</summary>
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
}
