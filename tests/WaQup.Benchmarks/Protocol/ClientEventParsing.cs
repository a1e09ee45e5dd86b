using System.Text;
using BenchmarkDotNet.Attributes;
using WaQup.Abstractions.Protocol;

namespace WaQup.Benchmarks.Protocol;

/// <summary>One client text frame, UTF-8 bytes in the bridge's receive buffer, read into an event or an error.</summary>
[MemoryDiagnoser]
public class ClientEventParsing
{
    private readonly ReadOnlyMemory<byte> _userText = Received(
        """{"type":"user.text","text":"I'd like a ten minute meditation about letting go of work stress before I sleep"}""");

    private readonly ReadOnlyMemory<byte> _audioAck = Received("""{"type":"audio.ack","seq":1234}""");

    private readonly ReadOnlyMemory<byte> _ritualRequest = Received(
        """{"type":"ritual.request","kind":"meditation","topic":"letting go of work stress","duration_minutes":10,"voice":"female","confirm":true}""");

    // Cut off mid-string, as a buggy client or a fuzzer sends it.
    private readonly ReadOnlyMemory<byte> _malformedJson = Received("""{"type":"user.text","text":"I'd like a""");

    // Well-formed JSON the protocol does not know: the parser's error path that is not the JSON reader's.
    private readonly ReadOnlyMemory<byte> _unknownType = Received("""{"type":"user.shout","text":"hello"}""");

    [Benchmark]
    public (ClientEvent? Event, ErrorEvent? Error) UserText() => ClientEventParser.Parse(_userText);

    [Benchmark]
    public (ClientEvent? Event, ErrorEvent? Error) AudioAck() => ClientEventParser.Parse(_audioAck);

    [Benchmark]
    public (ClientEvent? Event, ErrorEvent? Error) RitualRequest() => ClientEventParser.Parse(_ritualRequest);

    [Benchmark]
    public (ClientEvent? Event, ErrorEvent? Error) MalformedJson() => ClientEventParser.Parse(_malformedJson);

    [Benchmark]
    public (ClientEvent? Event, ErrorEvent? Error) UnknownType() => ClientEventParser.Parse(_unknownType);

    /// <summary>The message as the bridge hands it over: the front of its receive buffer, 1 KiB until a larger message comes.</summary>
    private static ReadOnlyMemory<byte> Received(string json)
    {
        var buffer = new byte[1024];
        var length = Encoding.UTF8.GetBytes(json, buffer);
        return buffer.AsMemory(0, length);
    }
}
