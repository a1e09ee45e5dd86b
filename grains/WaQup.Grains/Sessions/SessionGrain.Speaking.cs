using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Admission;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Audio;
using WaQup.Providers.Content;
using WaQup.Resilience;

namespace WaQup.Grains.Sessions;

/// <summary>Speaking: replies and rituals become numbered audio frames, paced to real time.</summary>
public sealed partial class SessionGrain
{
    private const string AudioContentType = "audio/ogg";

    /// <summary>Starts speaking a short reply; when it ends (not cut short) the session moves to <paramref name="after"/>.</summary>
    private void Speak(string text, string voice, SessionState? after = null)
    {
        var run = new ResponseRun(NextResponseId(), isRitual: false, clock.GetTimestamp());
        _current = run;
        _ = SpeakReplyAsync(run, text, voice, after);
    }

    private async Task SpeakReplyAsync(ResponseRun run, string text, string voice, SessionState? after)
    {
        try
        {
            _outbox.Append(new AssistantTextDeltaEvent(run.ResponseId, text));
            _outbox.Append(new AssistantTextDoneEvent(run.ResponseId, text));
            if (await User().TakeUnpaidSpeechAsync(UnpaidSpeechEstimate(text)))
            {
                var framer = new PcmFramer();
                await SpeakPieceAsync(run, new ScriptPiece(text, 0), voice, framer, recording: null);
                await FlushAsync(run, framer, recording: null);
                FinishAudio(run);
            }

            ReleaseIfCurrent(run);
            if (after is { } next)
            {
                await MoveAsync(next);
            }
        }
        catch (OperationCanceledException) when (run.Stopped)
        {
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Session {SessionId} could not speak reply {ResponseId}", SessionId, run.ResponseId);
            _outbox.Append(new ErrorEvent(ErrorCodes.ProviderUnavailable, "speech is unavailable right now", false));
            await StopRunAsync(run, "speech failed");
        }
    }

    /// <summary>About how long a reply takes to say, before it is said: speech runs at some fifteen characters a second.</summary>
    private static TimeSpan UnpaidSpeechEstimate(string text) => TimeSpan.FromMilliseconds(65.0 * text.Length);

    /// <summary>
    /// A topic as a question or quote says it back: its first words, up to <see cref="ConversationOptions.SpokenTopicChars"/>
    /// characters, so a long paste is never read out in full.
    /// </summary>
    private string SpokenTopic(string topic)
    {
        var limit = Options.SpokenTopicChars;
        topic = topic.Trim();
        if (topic.Length <= limit)
        {
            return topic;
        }

        var cut = topic.LastIndexOf(' ', limit);
        return topic[..(cut > limit / 2 ? cut : limit)].TrimEnd(' ', ',', ';', ':', '-');
    }

    /// <summary>Writes, speaks and saves one ritual; any failure before it is saved refunds it.</summary>
    private async Task ProduceAsync(ResponseRun run, Production production, RitualSlot slot)
    {
        using var admitted = slot;
        using var span = WaQupMetrics.Tracing.StartActivity("ritual.produce");
        span?.SetTag("waqup.session_id", SessionId);
        span?.SetTag("waqup.ritual_id", production.RitualId);
        var order = production.Order;
        DelayDeactivation(TimeSpan.FromMinutes(order.DurationMinutes) + Options.ReservationLease);
        using var lease = KeepReservation(run, production);
        try
        {
            var profile = await Profile();
            var spec = new RitualSpec(order.RitualKind, order.Topic, order.DurationMinutes, profile.DisplayName, profile.Preferences.Locale, SeedFor(production.RitualId));
            var title = writer.TitleFor(spec);
            await using var recording = new RitualRecording(recordings, frames, run.Stopping);
            var script = new StringBuilder();
            var framer = new PcmFramer();
            await foreach (var piece in ReadAhead(writer.WriteAsync(spec, run.Stopping), run.Stopping))
            {
                _outbox.Append(new AssistantTextDeltaEvent(run.ResponseId, script.Length == 0 ? piece.Text : " " + piece.Text));
                script.Append(script.Length == 0 ? "" : piece.PauseAfterMs >= 2000 ? "\n" : " ").Append(piece.Text);
                await SpeakPieceAsync(run, piece, order.Voice, framer, recording);
            }

            await FlushAsync(run, framer, recording);
            var durationMs = run.Frames * AudioFormat.FrameMs;
            FinishAudio(run);
            slot.AudioEnded();
            var audioEnded = clock.GetTimestamp();
            _outbox.Append(new AssistantTextDoneEvent(run.ResponseId, script.ToString()));
            await SaveAsync(run, production, title, script.ToString(), durationMs, await recording.FinishAsync(), audioEnded);
        }
        catch (OperationCanceledException) when (run.Stopped)
        {
        }
        catch (Exception error) when (!run.Stopped)
        {
            logger.LogWarning(error, "Session {SessionId} failed to produce {ResponseId}; refunding", SessionId, production.ResponseId);
            _outbox.Append(new ErrorEvent(ErrorCodes.ProviderUnavailable, "the ritual could not be made and your credits were refunded", false));
            await StopRunAsync(run, "production failed");
        }
    }

    private async Task SaveAsync(ResponseRun run, Production production, string title, string script, long durationMs, Stream audioFile, long audioEnded)
    {
        var order = production.Order;
        // Saving takes calls that a struggling cluster can hold up (a dead silo's directory range is leased for a
        // while): the reservation is kept open through it, so a ritual is never saved after its credits went back.
        if (!await Credits().ExtendAsync(production.ReservationId, Options.ReservationLease))
        {
            throw new InvalidOperationException($"reservation {production.ReservationId} expired before ritual {production.RitualId} was saved");
        }

        var blobKey = $"rituals/{production.RitualId}.ogg";
        await blobs.PutAsync(blobKey, audioFile, AudioContentType, run.Stopping);
        var ritualGrain = GrainFactory.GetGrain<IRitualGrain>(production.RitualId);
        var ritual = await ritualGrain.CreateAsync(new RitualDetails(
            production.RitualId,
            Record.UserId,
            order.Kind,
            title,
            durationMs,
            clock.GetUtcNow(),
            script,
            order.Voice,
            blobKey,
            AudioContentType,
            IsPublic: false,
            CreditsCharged: order.Price));
        if (run.Stopped)
        {
            // Cancelled while saving: the refund has been made, so the ritual must not stay either.
            await ritualGrain.DeleteAsync(Record.UserId);
            return;
        }

        run.Committing = true;
        CreditsView credits;
        try
        {
            // The commit is idempotent: retried while the ledger moves off a silo that died.
            credits = await ClusterRetry.RunAsync(() => Credits().CommitAsync(production.ReservationId));
        }
        catch (Exception)
        {
            if (await ChargedAsync(production.ReservationId) is not { } charged)
            {
                // Not charged, so not kept: the failure refunds the reservation, and a ritual must not outlive it.
                run.Committing = false;
                await RemoveUnchargedAsync(ritualGrain, production.RitualId);
                throw;
            }

            // The charge went through and only its answer was lost.
            credits = new CreditsView(charged.Balance, charged.Reserved);
        }

        Record.Production = null;
        ReleaseIfCurrent(run);
        metrics.SaveDuration.Record(clock.GetElapsedTime(audioEnded).TotalMilliseconds);
        _outbox.Append(new RitualCreatedEvent(ritual.RitualId, ritual.Kind, ritual.Title, ritual.DurationMs, order.Price));
        _outbox.Append(new CreditsUpdatedEvent(credits.Balance, credits.Reserved));
        if (Record.State == SessionState.Ended)
        {
            // Ended after it was heard: it is saved and paid for, nothing more is said, and the session can go.
            await PersistAsync();
            DeactivateOnIdle();
            return;
        }

        await MoveAsync(SessionState.Reviewing);
        if (Record.State != SessionState.Reviewing)
        {
            return;
        }

        var followUp = $"Your {Describe(order.Kind)} \"{title}\" is saved in your library. Would you like anything else?";
        var followUpId = NextResponseId();
        _outbox.Append(new AssistantTextDeltaEvent(followUpId, followUp));
        _outbox.Append(new AssistantTextDoneEvent(followUpId, followUp));
        await MoveAsync(SessionState.Listening);
    }

    /// <summary>
    /// Renews the ritual's reservation every third of its lease until the returned timer is disposed, so a ritual that
    /// a loaded machine makes slowly keeps its credits held. The timer keeps the activation alive; it dies with its
    /// silo, and then the reservation runs out by itself.
    /// </summary>
    private IGrainTimer KeepReservation(ResponseRun run, Production production)
    {
        var every = Options.ReservationLease / 3;
        return this.RegisterGrainTimer(
            async ct =>
            {
                if (run.Stopped || run.Committing)
                {
                    return;
                }

                try
                {
                    if (!await Credits().ExtendAsync(production.ReservationId, Options.ReservationLease))
                    {
                        // Refunded already (its lease ran out while the credit grain could not be reached): the ritual
                        // can no longer be paid for, so it stops here rather than at its save.
                        logger.LogWarning("Session {SessionId}: reservation {ReservationId} ran out while {ResponseId} was being made", SessionId, production.ReservationId, production.ResponseId);
                        if (!run.Stopped && !run.Committing && ReferenceEquals(_current, run))
                        {
                            _outbox.Append(new ErrorEvent(ErrorCodes.ProviderUnavailable, "the ritual could not be made in time and your credits were refunded", false));
                            await StopRunAsync(run, "reservation ran out");
                        }
                    }
                }
                catch (Exception error) when (!ct.IsCancellationRequested)
                {
                    // The next tick tries again; a lease of three periods survives two that fail.
                    logger.LogWarning(error, "Session {SessionId}: could not renew reservation {ReservationId}", SessionId, production.ReservationId);
                }
            },
            new GrainTimerCreationOptions(every, every) { KeepAlive = true });
    }

    private async Task RemoveUnchargedAsync(IRitualGrain ritualGrain, string ritualId)
    {
        try
        {
            await ritualGrain.DeleteAsync(Record.UserId);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Session {SessionId}: ritual {RitualId} is saved but could be neither charged nor removed", SessionId, ritualId);
        }
    }

    private async Task SpeakPieceAsync(ResponseRun run, ScriptPiece piece, string voice, PcmFramer framer, RitualRecording? recording)
    {
        // Through the silo's speech gate: a bounded number of syntheses at once, shared fairly between people.
        await foreach (var chunk in speech.SynthesizeAsync(Record.UserId, piece.Text, voice, run.Stopping))
        {
            var rest = chunk;
            while (framer.TryTakeFrame(ref rest, out var frame))
            {
                await EmitFrameAsync(run, frame, recording);
            }
        }

        if (piece.PauseAfterMs > 0)
        {
            await FlushAsync(run, framer, recording);
            for (var i = Silence.FrameCount(piece.PauseAfterMs); i > 0; i--)
            {
                await EmitFrameAsync(run, Silence.Frame, recording);
            }
        }
    }

    private async Task FlushAsync(ResponseRun run, PcmFramer framer, RitualRecording? recording)
    {
        if (framer.TryFlush(out var frame))
        {
            await EmitFrameAsync(run, frame, recording);
        }
    }

    /// <summary>Numbers one frame and hands it to the outbox, no sooner than its lead before playback time.</summary>
    /// <remarks>
    /// Most frames need no wait (audio under way, no pacing delay due, numbers in hand) and are emitted without an
    /// async step: a reply is a hundred and more of them.
    /// </remarks>
    private Task EmitFrameAsync(ResponseRun run, ReadOnlyMemory<byte> pcm, RitualRecording? recording)
    {
        run.Stopping.ThrowIfCancellationRequested();
        if (!run.AudioStarted || PaceDelayMs(run) > 0 || EncoderBehind(run, recording) || !TryTakeSeq(out var seq))
        {
            return EmitFrameWaitingAsync(run, pcm, recording);
        }

        AppendFrame(run, seq, pcm, recording);
        return Task.CompletedTask;
    }

    private async Task EmitFrameWaitingAsync(ResponseRun run, ReadOnlyMemory<byte> pcm, RitualRecording? recording)
    {
        if (!run.AudioStarted)
        {
            run.AudioStarted = true;
            run.StartedAtTicks = clock.GetTimestamp();
            metrics.FirstAudio.Record(clock.GetElapsedTime(run.CreatedAtTicks, run.StartedAtTicks).TotalMilliseconds,
                new KeyValuePair<string, object?>("response", run.IsRitual ? "ritual" : "reply"));
            _outbox.Append(new AudioStartEvent(run.ResponseId));
            if (run.IsRitual && Record.State == SessionState.Generating)
            {
                await MoveAsync(SessionState.Speaking, RecordWrite.Behind);
            }
        }

        if (PaceDelayMs(run) is > 0 and var wait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait), clock, run.Stopping);
        }

        while (EncoderBehind(run, recording))
        {
            // Waits in short steps: the encoder catches up, or the listener's buffer runs down to the lead.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(BufferedMs(run) - Options.LeadMs, 1, 5 * AudioFormat.FrameMs)), clock, run.Stopping);
        }

        run.Stopping.ThrowIfCancellationRequested();
        var seq = await AllocateSeqAsync();
        run.Stopping.ThrowIfCancellationRequested();
        AppendFrame(run, seq, pcm, recording);
    }

    private void AppendFrame(ResponseRun run, uint seq, ReadOnlyMemory<byte> pcm, RitualRecording? recording)
    {
        var frame = pcm.Length == AudioFormat.FrameBytes ? frames.Rent() : new byte[4 + pcm.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, seq);
        pcm.Span.CopyTo(frame.AsSpan(4));
        recording?.Add(pcm.Span);

        _outbox.AppendAudio(seq, frame, run.ResponseId);
        run.Frames++;
        run.LastSeq = seq;
    }

    /// <summary>How long the next frame must wait to stay within its lead of real time (0: it may go now).</summary>
    private double PaceDelayMs(ResponseRun run)
    {
        var pace = Options.PaceFactor;
        if (pace <= 0)
        {
            return 0;
        }

        var dueMs = run.Frames * AudioFormat.FrameMs / pace - Options.LeadMs;
        var elapsedMs = clock.GetElapsedTime(run.StartedAtTicks).TotalMilliseconds;
        // Wake at most every few frames: fewer timers per session, and the lead absorbs the jitter.
        return dueMs > elapsedMs ? Math.Max(dueMs - elapsedMs, 3 * AudioFormat.FrameMs / pace) : 0;
    }

    /// <summary>
    /// Whether the library copy has fallen so far behind that this ritual's audio should wait for it: only while the
    /// listener has more than the lead still to play, so audio never goes out slower than real time for its sake.
    /// </summary>
    private bool EncoderBehind(ResponseRun run, RitualRecording? recording) =>
        recording is not null
        && recording.PendingFrames * AudioFormat.FrameMs > Options.RecordingBacklogMs
        && BufferedMs(run) > Options.LeadMs;

    /// <summary>Audio sent and not yet played, had the listener started playing the first frame as it went out.</summary>
    private double BufferedMs(ResponseRun run) =>
        run.Frames * AudioFormat.FrameMs - clock.GetElapsedTime(run.StartedAtTicks).TotalMilliseconds;

    private void ReleaseIfCurrent(ResponseRun run)
    {
        if (ReferenceEquals(_current, run))
        {
            _current = null;
        }
    }

    private void FinishAudio(ResponseRun run)
    {
        run.Delivered = true;
        if (run.AudioStarted)
        {
            _outbox.Append(new AudioDoneEvent(run.ResponseId, run.LastSeq, run.Frames * AudioFormat.FrameMs));
        }
    }

    /// <summary>Lets the script writer run ahead of speech, so a slow writer and speech overlap.</summary>
    private static async IAsyncEnumerable<ScriptPiece> ReadAhead(
        IAsyncEnumerable<ScriptPiece> pieces,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ScriptPiece>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var piece in pieces.WithCancellation(cancellationToken))
                {
                    await channel.Writer.WriteAsync(piece, cancellationToken);
                }

                channel.Writer.Complete();
            }
            catch (Exception error)
            {
                channel.Writer.Complete(error);
            }
        }, cancellationToken);

        await foreach (var piece in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return piece;
        }

        await producer;
    }

    private static int SeedFor(string ritualId) =>
        BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(ritualId)));
}
