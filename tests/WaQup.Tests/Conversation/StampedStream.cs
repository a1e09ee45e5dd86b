using System.Buffers.Binary;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// What one session sends, checked message by message when its speech is stamped (<see cref="StampedSpeech"/>): every
/// frame comes in order with no gap, inside its response's <c>audio.start</c>/<c>audio.done</c>, and holds nothing but
/// that response's stamp. A poisoned sample, or another response's, fails the test at once. Carries over from one
/// connection of the session to the next.
/// </summary>
public sealed class StampedStream(string who)
{
    private readonly Dictionary<string, int> _tags = [];
    private string? _current;

    public uint LastSeq { get; private set; }

    public int FramesChecked { get; private set; }

    public int RitualsCreated { get; private set; }

    public string SessionId { get; private set; } = "";

    public string ResumeToken { get; private set; } = "";

    public void Check(Received received)
    {
        if (received.Audio is { } pcm)
        {
            CheckFrame(received.Seq, pcm);
            return;
        }

        var evt = received.Event!;
        var responseId = (string?)evt["response_id"];
        switch (received.Type)
        {
            case "session.ready":
                SessionId = (string)evt["session_id"]!;
                ResumeToken = (string)evt["resume_token"]!;
                break;
            case "assistant.text.delta" when StampedSpeech.TagIn((string)evt["text"]!) is { } tag:
                _tags.TryAdd(responseId!, tag);
                break;
            case "audio.start":
                Assert.True(_tags.ContainsKey(responseId!), $"{who}: audio of {responseId} began before any of its text");
                _current = responseId;
                break;
            case "audio.done" or "response.cancelled" when responseId == _current:
                _current = null;
                break;
            case "ritual.created":
                RitualsCreated++;
                break;
        }
    }

    private void CheckFrame(uint seq, byte[] pcm)
    {
        Assert.True(seq == LastSeq + 1, $"{who}: frame {seq} came after frame {LastSeq}: frames come in order, with no gap");
        LastSeq = seq;
        Assert.True(_current is not null, $"{who}: frame {seq} came outside any response's audio");
        var expected = StampedSpeech.StampOf(_tags[_current]);
        for (var i = 0; i + 1 < pcm.Length; i += 2)
        {
            var sample = BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i));
            if (sample != expected)
            {
                Assert.Fail($"{who}: frame {seq} of response {_current} (tag {_tags[_current]}) holds {Describe(sample)} at byte {i}");
            }
        }

        FramesChecked++;
    }

    private static string Describe(short sample) =>
        sample == unchecked((short)(PoisoningFramePool.Poison * 0x0101))
            ? "poison: its buffer went back to the pool before it was sent"
            : sample - StampedSpeech.StampOf(0) is var tag and >= 0 and < 30_000
                ? $"the audio of tag {tag}: another response's"
                : $"sample {sample}, nobody's";
}
