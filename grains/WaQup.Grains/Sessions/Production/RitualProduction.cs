using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Admission;
using WaQup.Grains.Configuration;
using WaQup.Grains.Sessions.Responses;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Audio;
using WaQup.Providers.Blobs;
using WaQup.Providers.Content;
using WaQup.Resilience;

namespace WaQup.Grains.Sessions.Production;

/// <summary>
/// One ritual being made: written, spoken, recorded, saved and charged, with its reservation kept open meanwhile. It
/// owns everything it does; what the session must know it reports (<see cref="IResponseReports"/>), and any failure
/// before the charge refunds.
/// </summary>
public sealed class RitualProduction(
    ProductionRecord record,
    ResponseRun run,
    RitualSlot slot,
    ProductionServices services,
    ResponseVoice voice,
    IResponseReports reports,
    string userId)
{
    private const string AudioContentType = "audio/ogg";

    /// <summary>The ritual grain may hold the ritual from here on, even when the save failed.</summary>
    private bool _saveBegun;

    private ICreditGrain Credits => services.Grains.GetGrain<ICreditGrain>(userId);

    /// <summary>Runs the whole production; returns when the ritual is saved and charged, has failed and been refunded, or was stopped.</summary>
    public async Task RunAsync()
    {
        using var admitted = slot;
        using var span = WaQupMetrics.Tracing.StartActivity("ritual.produce");
        span?.SetTag("waqup.ritual_id", record.RitualId);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(run.Stopping);
        var renewing = KeepReservationAsync(renewal.Token);
        try
        {
            var (created, credits) = await MakeAsync();
            reports.RitualSaved(run, created, credits);
        }
        catch (OperationCanceledException) when (run.Stopped)
        {
        }
        catch (Exception error) when (!run.Stopped)
        {
            services.Logger.LogWarning(error, "Ritual {RitualId} ({ResponseId}) could not be made; refunding", record.RitualId, record.ResponseId);
            if (_saveBegun)
            {
                // Refunded, so not kept: a ritual must not outlive its reservation.
                await RemoveUnchargedAsync(record.RitualId);
            }

            await FailAsync("the ritual could not be made and your credits were refunded", "production failed");
        }
        catch (Exception error)
        {
            // Stopped by its session's end or its reservation running out, and then its save or charge failed too.
            services.Logger.LogWarning(error, "Ritual {RitualId} ({ResponseId}) stopped; its save did not finish", record.RitualId, record.ResponseId);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
    }

    /// <summary>Refunds the reservation (a no-op once it is settled), for a cancel or a failure.</summary>
    public static Task<CreditsView> RefundAsync(IGrainFactory grains, string userId, ProductionRecord record, string reason) =>
        grains.GetGrain<ICreditGrain>(userId).RefundAsync(record.ReservationId, reason);

    private async Task<(RitualCreatedEvent Created, CreditsView Credits)> MakeAsync()
    {
        var order = record.Order;
        var profile = await services.Grains.GetGrain<IUserGrain>(userId).GetProfileAsync();
        var seed = SeedFor(record.RitualId);
        var spec = new RitualSpec(order.RitualKind, order.Topic, order.DurationMinutes, profile.Name, profile.Preferences.Locale, seed, order.Feeling);
        // The voice levelled and the bed under it, in the stream and the saved file alike (docs/voice.md).
        var mix = services.Sound.MixFor(SoundBeds.For(order.RitualKind, profile.Preferences.SoundBed), seed);
        var title = services.Writer.TitleFor(spec);
        await using var recording = new RitualRecording(services.Recordings, services.Frames, run.Stopping);
        var script = new StringBuilder();
        var framer = new PcmFramer();
        await foreach (var piece in ReadAhead(services.Writer.WriteAsync(spec, run.Stopping), run.Stopping))
        {
            reports.Said(run, new AssistantTextDeltaEvent(run.ResponseId, script.Length == 0 ? piece.Text : " " + piece.Text));
            script.Append(script.Length == 0 ? "" : piece.PauseAfterMs >= 2000 ? "\n" : " ").Append(piece.Text);
            await voice.SpeakAsync(run, piece, order.Voice, framer, recording, mix);
        }

        await voice.FlushAsync(run, framer, recording, mix);
        await voice.EndMixAsync(run, mix, recording);
        var durationMs = run.Frames * AudioFormat.FrameMs;
        voice.Finish(run);
        slot.AudioEnded();
        var audioEnded = services.Clock.GetTimestamp();
        reports.Said(run, new AssistantTextDoneEvent(run.ResponseId, script.ToString()));
        var ritual = await SaveAsync(title, script.ToString(), durationMs, await recording.FinishAsync());
        var credits = await ChargeAsync(ritual);
        services.Metrics.SaveDuration.Record(services.Clock.GetElapsedTime(audioEnded).TotalMilliseconds);
        return (new RitualCreatedEvent(ritual.RitualId, ritual.Kind, ritual.Title, ritual.DurationMs, order.Price), credits);
    }

    private async Task<RitualDetails> SaveAsync(string title, string script, long durationMs, Stream audioFile)
    {
        var order = record.Order;
        // Saving takes calls that a struggling cluster can hold up (a dead silo's directory range is leased for a
        // while): the reservation is kept open through it, so a ritual is never saved after its credits went back.
        if (!await Credits.ExtendAsync(record.ReservationId, services.Options.ReservationLease))
        {
            throw new InvalidOperationException($"reservation {record.ReservationId} expired before ritual {record.RitualId} was saved");
        }

        var blobKey = $"rituals/{record.RitualId}.ogg";
        // A ritual heard in full is saved even if the session is stopped meanwhile (PROTOCOL.md v1.1).
        await services.Blobs.PutAsync(blobKey, audioFile, AudioContentType, CancellationToken.None);
        var details = new RitualDetails(
            record.RitualId,
            userId,
            order.Kind,
            title,
            durationMs,
            services.Clock.GetUtcNow(),
            script,
            order.Voice,
            blobKey,
            AudioContentType,
            IsPublic: false,
            CreditsCharged: order.Price);
        var ritualGrain = services.Grains.GetGrain<IRitualGrain>(record.RitualId);
        _saveBegun = true;
        try
        {
            return await ritualGrain.CreateAsync(details);
        }
        catch (Exception error)
        {
            // Saved but not listed, perhaps: the ritual grain lists a saved ritual again when asked again.
            services.Logger.LogWarning(error, "Ritual {RitualId} could not be saved or listed; trying once more", record.RitualId);
            return await ritualGrain.CreateAsync(details);
        }
    }

    private async Task<CreditsView> ChargeAsync(RitualDetails ritual)
    {
        run.Committing = true;
        try
        {
            // The commit is idempotent: retried while the ledger moves off a silo that died.
            return await ClusterRetry.RunAsync(() => Credits.CommitAsync(record.ReservationId));
        }
        catch (Exception)
        {
            if (await InterruptedProduction.ChargedAsync(services, userId, record.ReservationId) is { } charged)
            {
                // The charge went through and only its answer was lost.
                return charged;
            }

            // Not charged, so not kept: the failure refunds the reservation, and a ritual must not outlive it.
            run.Committing = false;
            await RemoveUnchargedAsync(ritual.RitualId);
            throw;
        }
    }

    private async Task FailAsync(string message, string reason)
    {
        try
        {
            var credits = await RefundAsync(services.Grains, userId, record, reason);
            reports.RitualFailed(run, new ErrorEvent(ErrorCodes.ProviderUnavailable, message, false), credits);
        }
        catch (Exception error)
        {
            // The reservation runs out by itself; the session hears of the failure on its next activation.
            services.Logger.LogError(error, "Ritual {RitualId}: could not refund reservation {ReservationId}", record.RitualId, record.ReservationId);
        }
    }

    /// <summary>
    /// Renews the reservation every third of its lease while the ritual is made, so a ritual that a loaded machine
    /// makes slowly keeps its credits held. It stops with the production; a silo that dies takes it along, and then
    /// the reservation runs out by itself.
    /// </summary>
    private async Task KeepReservationAsync(CancellationToken cancellationToken)
    {
        var every = services.Options.ReservationLease / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, services.Clock, cancellationToken);
                if (run.Committing)
                {
                    return;
                }

                if (!await Credits.ExtendAsync(record.ReservationId, services.Options.ReservationLease))
                {
                    // Refunded already (its lease ran out while the credit grain could not be reached): the ritual
                    // can no longer be paid for, so it stops here rather than at its save.
                    services.Logger.LogWarning("Reservation {ReservationId} ran out while {ResponseId} was being made", record.ReservationId, record.ResponseId);
                    if (!run.Stopped && !run.Committing)
                    {
                        run.Stop();
                        await FailAsync("the ritual could not be made in time and your credits were refunded", "reservation ran out");
                    }

                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The next tick tries again; a lease of three periods survives two that fail.
                services.Logger.LogWarning(error, "Could not renew reservation {ReservationId}", record.ReservationId);
            }
        }
    }

    private async Task RemoveUnchargedAsync(string ritualId)
    {
        try
        {
            await services.Grains.GetGrain<IRitualGrain>(ritualId).DeleteAsync(userId);
        }
        catch (Exception error)
        {
            services.Logger.LogError(error, "Ritual {RitualId} is saved but could be neither charged nor removed", ritualId);
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
