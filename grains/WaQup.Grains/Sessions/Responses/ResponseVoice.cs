using System.Buffers.Binary;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Sessions.Production;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Audio;
using WaQup.Providers.Audio.Mixing;
using WaQup.Providers.Content;
using WaQup.Providers.Speech.Gate;

namespace WaQup.Grains.Sessions.Responses;

/// <summary>
/// Speaks a session's responses: text becomes numbered 40 ms wire frames, paced to their lead over real time, each
/// reported to the session as it is made.
/// </summary>
public sealed class ResponseVoice(
    string userId,
    ISpeechGate speech,
    FramePool frames,
    SequenceNumbers numbers,
    FramePacing pacing,
    TimeProvider clock,
    WaQupMetrics metrics,
    IResponseReports reports)
{
    /// <summary>Says a short reply: its text at once, then its audio if the person's unpaid speech allows it.</summary>
    public async Task SpeakReplyAsync(ResponseRun run, string text, string voice, IUserGrain user)
    {
        try
        {
            reports.Said(run, new AssistantTextDeltaEvent(run.ResponseId, text));
            reports.Said(run, new AssistantTextDoneEvent(run.ResponseId, text));
            if (await user.TakeUnpaidSpeechAsync(UnpaidSpeechEstimate(text)))
            {
                var framer = new PcmFramer();
                await SpeakAsync(run, new ScriptPiece(text, 0), voice, framer, recording: null);
                await FlushAsync(run, framer, recording: null);
                Finish(run);
            }

            reports.ReplyFinished(run);
        }
        catch (OperationCanceledException) when (run.Stopped)
        {
        }
        catch (Exception error) when (!run.Stopped)
        {
            reports.ReplyFailed(run, error);
        }
    }

    /// <summary>Speaks one piece of a script, and the pause after it; through a ritual's <paramref name="mix"/>, if it has one.</summary>
    public async Task SpeakAsync(ResponseRun run, ScriptPiece piece, string voice, PcmFramer framer, RitualRecording? recording, RitualMix? mix = null)
    {
        // Through the silo's speech gate: a bounded number of syntheses at once, shared fairly between people.
        await foreach (var chunk in speech.SynthesizeAsync(userId, piece.Text, voice, run.Stopping))
        {
            var rest = chunk;
            while (framer.TryTakeFrame(ref rest, out var frame))
            {
                await EmitAsync(run, mix is null ? frame : mix.Voice(frame.Span), recording);
            }
        }

        if (piece.PauseAfterMs > 0)
        {
            await FlushAsync(run, framer, recording, mix);
            // With a bed, a pause is the bed alone: no dead air.
            for (var i = Silence.FrameCount(piece.PauseAfterMs); i > 0; i--)
            {
                await EmitAsync(run, mix?.Pause() ?? Silence.Frame, recording);
            }
        }
    }

    /// <summary>Sends what is left in the framer as a last frame, padded with silence.</summary>
    public async Task FlushAsync(ResponseRun run, PcmFramer framer, RitualRecording? recording, RitualMix? mix = null)
    {
        if (framer.TryFlush(out var frame))
        {
            await EmitAsync(run, mix is null ? frame : mix.Voice(frame.Span), recording);
        }
    }

    /// <summary>After a ritual's last words: its bed fading out, and what the mix's limiter still holds.</summary>
    public async Task EndMixAsync(ResponseRun run, RitualMix? mix, RitualRecording? recording)
    {
        while (mix is not null && mix.TryTakeTail(out var frame))
        {
            await EmitAsync(run, frame, recording);
        }
    }

    /// <summary>The response's audio is complete: <c>audio.done</c>, after which it counts as delivered.</summary>
    public void Finish(ResponseRun run)
    {
        run.Stopping.ThrowIfCancellationRequested();
        run.Delivered = true;
        if (run.AudioStarted)
        {
            reports.Said(run, new AudioDoneEvent(run.ResponseId, run.LastSeq, run.Frames * AudioFormat.FrameMs));
        }
    }

    /// <summary>About how long a reply takes to say, before it is said: speech runs at some fifteen characters a second.</summary>
    private static TimeSpan UnpaidSpeechEstimate(string text) => TimeSpan.FromMilliseconds(65.0 * text.Length);

    /// <summary>Numbers one frame and reports it, no sooner than its lead before playback time.</summary>
    /// <remarks>
    /// Most frames need no wait (audio under way, no pacing delay due, numbers in hand) and are emitted without an
    /// async step: a reply is a hundred and more of them.
    /// </remarks>
    private Task EmitAsync(ResponseRun run, ReadOnlyMemory<byte> pcm, RitualRecording? recording)
    {
        run.Stopping.ThrowIfCancellationRequested();
        if (!run.AudioStarted || pacing.DelayMs(run) > 0 || pacing.EncoderBehind(run, recording) || !numbers.TryTake(out var seq))
        {
            return EmitWaitingAsync(run, pcm, recording);
        }

        Append(run, seq, pcm, recording);
        return Task.CompletedTask;
    }

    private async Task EmitWaitingAsync(ResponseRun run, ReadOnlyMemory<byte> pcm, RitualRecording? recording)
    {
        if (!run.AudioStarted)
        {
            run.AudioStarted = true;
            run.StartedAtTicks = clock.GetTimestamp();
            metrics.FirstAudio.Record(clock.GetElapsedTime(run.CreatedAtTicks, run.StartedAtTicks).TotalMilliseconds,
                new KeyValuePair<string, object?>("response", run.IsRitual ? "ritual" : "reply"));
            reports.Said(run, new AudioStartEvent(run.ResponseId));
            if (run.IsRitual)
            {
                reports.RitualAudioStarted(run);
            }
        }

        if (pacing.DelayMs(run) is > 0 and var wait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait), clock, run.Stopping);
        }

        while (pacing.EncoderBehind(run, recording))
        {
            // Waits in short steps: the encoder catches up, or the listener's buffer runs down to the lead.
            await Task.Delay(pacing.EncoderWait(run), clock, run.Stopping);
        }

        run.Stopping.ThrowIfCancellationRequested();
        var seq = await numbers.TakeAsync();
        run.Stopping.ThrowIfCancellationRequested();
        Append(run, seq, pcm, recording);
    }

    private void Append(ResponseRun run, uint seq, ReadOnlyMemory<byte> pcm, RitualRecording? recording)
    {
        var frame = pcm.Length == AudioFormat.FrameBytes ? frames.Rent() : new byte[4 + pcm.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, seq);
        pcm.Span.CopyTo(frame.AsSpan(4));
        recording?.Add(pcm.Span);
        reports.Frame(run, seq, frame);
        run.Frames++;
        run.LastSeq = seq;
    }
}
