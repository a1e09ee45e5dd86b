using WaQup.Providers.Recognition.Embedded;

namespace WaQup.Bench;

/// <summary>
/// The independent recogniser the voices are judged by: PocketSphinx with its general US English models as Debian ships
/// them (acoustic model, the general language model, cmudict), not the project's domain model, with PocketSphinx's own
/// search settings. It is the project's decoder with other arguments laid over its own; it hears a ritual one utterance
/// (cut at the pauses) at a time, the ritual's utterances as one speaker's.
/// </summary>
public sealed class IndependentRecognizer : IDisposable
{
    public const string Models = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The general models and PocketSphinx's own search settings, laid over the project's decoder arguments.</summary>
    public static readonly string[] Arguments =
    [
        "-lm", $"{Models}/en-us.lm.bin",
        "-dict", $"{Models}/cmudict-en-us.dict",
        // PocketSphinx's defaults, which the project's decoder changes for speed.
        "-fwdflat", "yes",
        "-topn", "4",
        "-ds", "1",
    ];

    private readonly PocketSphinxRecognizer _recognizer;

    public IndependentRecognizer(int decoders)
    {
        _recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions
        {
            MaxDecoders = decoders,
            MaxConcurrentDecoding = decoders,
            ExtraArguments = Arguments,
        });
    }

    /// <summary>The words heard in <paramref name="pcm"/> (PCM16 LE mono, 16 kHz), utterance after utterance.</summary>
    public async Task<string> TranscribeAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        var heard = new List<string>();
        // One ritual is one voice in one channel: its utterances are heard as one speaker's, each ritual apart.
        var speaker = new WaQup.Abstractions.Voice.Speaker();
        foreach (var utterance in PauseSplitter.Utterances(pcm.Span, OpusFile.SampleRate))
        {
            await using var recognition = _recognizer.Begin(speaker: speaker);
            recognition.Write(pcm.Span[utterance]);
            var transcript = await recognition.FinishAsync(cancellationToken);
            if (transcript.Text.Length > 0)
            {
                heard.Add(transcript.Text);
            }
        }

        return string.Join(' ', heard);
    }

    public void Dispose() => _recognizer.Dispose();
}
