using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using WaQup.Providers.Audio;
using WaQup.Providers.Speech;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// Speech whose every sample says whose it is: a sentence carrying a tag <c>#n</c> (see <see cref="StampedScriptWriter"/>)
/// becomes <see cref="FramesPerSentence"/> whole frames of the sample <see cref="StampOf"/>(n), so a listener can check
/// that each frame it hears belongs to the response it is numbered under.
/// </summary>
public sealed partial class StampedSpeech : ISpeechSynthesizer
{
    public const int FramesPerSentence = 10;

    /// <summary>What an untagged sentence is made of: no tagged response may ever carry it.</summary>
    public const short Untagged = 7;

    /// <summary>The sample a tagged sentence is made of; never 0 (silence) nor <see cref="PoisoningFramePool.Poison"/> twice.</summary>
    public static short StampOf(int tag) => (short)(1_000 + tag);

    /// <summary>The tag a text carries, if any.</summary>
    public static int? TagIn(string text) => Tag().Match(text) is { Success: true } found ? int.Parse(found.Groups[1].Value) : null;

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stamp = TagIn(text) is { } tag ? StampOf(tag) : Untagged;
        var frame = new byte[AudioFormat.FrameBytes];
        for (var i = 0; i < frame.Length; i += 2)
        {
            BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(i), stamp);
        }

        for (var i = 0; i < FramesPerSentence; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The chunk is never written again, so the session may slice it as it likes.
            yield return frame;
            await Task.Yield();
        }
    }

    [GeneratedRegex(@"#(\d+)")]
    private static partial Regex Tag();
}
