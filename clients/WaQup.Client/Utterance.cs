using System.Diagnostics;

namespace WaQup.Client;

/// <summary>
/// One utterance spoken into an open microphone: the speech, then silence as a microphone keeps sending, until
/// <see cref="Hush"/> (the caller heard its transcript) or the silence's limit. The server's turn detection needs
/// the silence (about 700 ms) to find where the utterance ends. Nothing else may be sent on the socket until
/// <see cref="Completion"/> ends: a WebSocket takes one send at a time.
/// </summary>
public sealed class Utterance : IAsyncDisposable
{
    private const int FrameBytes = 640;
    private const double BytesPerMillisecond = 32.0;
    private static readonly byte[] SilentFrame = new byte[FrameBytes];

    private readonly TaskCompletionSource<long> _speechSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _hushed;

    private Utterance()
    {
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the speech's last frame was sent, before the silence.</summary>
    public Task<long> SpeechSent => _speechSent.Task;

    /// <summary>Ends once the last frame (speech or silence) has been sent.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Starts speaking <paramref name="speech"/> (PCM16 LE, 16 kHz, mono) on <paramref name="client"/>, then at most
    /// <paramref name="maxSilence"/> of silence; at real-time pace, speech and silence alike, when <paramref name="realTime"/>.
    /// </summary>
    public static Utterance Start(ConversationClient client, ReadOnlyMemory<byte> speech, bool realTime, TimeSpan maxSilence, CancellationToken cancellationToken = default)
    {
        var utterance = new Utterance();
        utterance.Completion = utterance.SpeakAsync(client, speech, realTime, maxSilence, cancellationToken);
        return utterance;
    }

    /// <summary>Stops the silence after the frame being sent; speech already under way is finished first.</summary>
    public void Hush() => _hushed = true;

    public async ValueTask DisposeAsync()
    {
        Hush();
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SpeakAsync(ConversationClient client, ReadOnlyMemory<byte> speech, bool realTime, TimeSpan maxSilence, CancellationToken cancellationToken)
    {
        try
        {
            // Paced against the start, not frame by frame, so the delays' lateness does not add up.
            var started = Stopwatch.GetTimestamp();
            long sent = 0;
            for (var offset = 0; offset < speech.Length; offset += FrameBytes)
            {
                var frame = speech.Slice(offset, Math.Min(FrameBytes, speech.Length - offset));
                await client.SpeakAsync(frame, realTime: false, cancellationToken);
                sent += frame.Length;
                if (offset + FrameBytes >= speech.Length)
                {
                    _speechSent.TrySetResult(Stopwatch.GetTimestamp());
                }

                await PaceAsync(realTime, started, sent, cancellationToken);
            }

            _speechSent.TrySetResult(Stopwatch.GetTimestamp());
            var silence = (long)(maxSilence.TotalMilliseconds * BytesPerMillisecond);
            for (long quiet = 0; quiet < silence && !_hushed; quiet += FrameBytes)
            {
                await client.SpeakAsync(SilentFrame, realTime: false, cancellationToken);
                sent += FrameBytes;
                await PaceAsync(realTime, started, sent, cancellationToken);
            }
        }
        catch (Exception e)
        {
            _speechSent.TrySetException(e);
            throw;
        }
    }

    private static Task PaceAsync(bool realTime, long started, long sent, CancellationToken cancellationToken)
    {
        if (!realTime)
        {
            return Task.CompletedTask;
        }

        var ahead = TimeSpan.FromMilliseconds(sent / BytesPerMillisecond) - Stopwatch.GetElapsedTime(started);
        return ahead > TimeSpan.Zero ? Task.Delay(ahead, cancellationToken) : Task.CompletedTask;
    }
}
