using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Admission;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>The dialogue: each transition of PROTOCOL.md as a small method.</summary>
public sealed partial class SessionGrain
{
    private const int MaxMinutes = 60;

    /// <summary>After new slot values: ask for what is missing, or quote the price.</summary>
    private async Task<ErrorEvent?> AdvanceAsync(UserProfile profile)
    {
        var slots = Record.Slots;
        if (slots.Kind is null && slots.Topic is null)
        {
            return await ClarifyAsync("Tell me what you need: an affirmation set, a guided meditation or a daily ritual, and what it should help you with.", profile);
        }

        if (slots.Kind is null)
        {
            return await ClarifyAsync($"Would you like an affirmation set, a guided meditation or a daily ritual for {SpokenTopic(slots.Topic ?? "")}?", profile);
        }

        if (string.IsNullOrWhiteSpace(slots.Topic))
        {
            return await ClarifyAsync($"What should your {Describe(slots.Kind)} help you with?", profile);
        }

        var quote = OrderFrom(slots, profile);
        Record.Quote = quote;
        var credits = await Credits().GetAsync();
        // A conversational turn answers before its record is on disk; the write follows within the turn-write delay.
        await MoveAsync(SessionState.Confirming, RecordWrite.Soon);
        var afford = credits.Balance >= quote.Price
            ? $"You have {credits.Balance}. Shall I make it?"
            : $"You have {credits.Balance}, which is not enough for it. You can change the length, or say no.";
        Speak($"A {quote.DurationMinutes}-minute {Describe(quote.Kind)} on {SpokenTopic(quote.Topic)} costs {Plural(quote.Price, "credit")}. {afford}", quote.Voice);
        return null;
    }

    private async Task<ErrorEvent?> ClarifyAsync(string question, UserProfile profile)
    {
        await MoveAsync(SessionState.Clarifying, RecordWrite.Soon);
        Speak(question, profile.Preferences.Voice);
        return null;
    }

    private async Task<ErrorEvent?> AnswerQuoteAsync(bool accept)
    {
        if (!accept)
        {
            Record.Quote = null;
            Record.Slots = SessionSlots.Empty;
            await MoveAsync(SessionState.Listening, RecordWrite.Soon);
            Speak("All right, I won't make it. What else would you like?", (await Profile()).Preferences.Voice);
            return null;
        }

        return await StartProductionAsync();
    }

    /// <summary>Reserves the price, then writes and speaks the ritual in the background.</summary>
    private async Task<ErrorEvent?> StartProductionAsync()
    {
        var order = Record.Quote ?? throw new InvalidOperationException("No quote to produce.");
        if (!admission.TryAdmit(out var slot, out var refusal))
        {
            // Nothing reserved, nothing started. A quote the user said yes to stays open, so "yes" can be said again.
            if (Record.State != SessionState.Confirming)
            {
                Record.Quote = null;
            }

            metrics.RitualRefused(refusal!.Reason);
            var retryMs = (int)refusal.RetryAfter.TotalMilliseconds;
            return new ErrorEvent(
                ErrorCodes.Overloaded,
                $"too many rituals are being made right now ({refusal.Reason}); nothing was reserved: ask again in {Math.Ceiling(retryMs / 1000.0)} s",
                false,
                retryMs);
        }

        try
        {
            return await StartAdmittedAsync(order, slot!);
        }
        catch
        {
            slot!.Dispose();
            throw;
        }
    }

    private async Task<ErrorEvent?> StartAdmittedAsync(RitualOrder order, RitualSlot slot)
    {
        var responseId = NextResponseId();
        // A fresh id, so no later reservation can ever be taken for this one; if this activation dies before
        // the production record below is persisted, the reservation simply expires.
        var reservationId = $"{SessionId}:{Guid.NewGuid():N}";
        // A lease: production renews it for as long as it runs (see KeepReservation), and nothing else does.
        var outcome = await Credits().ReserveAsync(reservationId, order.Price, Options.ReservationLease, $"{order.DurationMinutes}-minute {order.Kind} on {order.Topic}");
        if (!outcome.Reserved)
        {
            slot.Dispose();
            Record.Quote = null;
            await MoveAsync(SessionState.Listening);
            return new ErrorEvent(
                ErrorCodes.InsufficientCredits,
                $"this {order.Kind} costs {order.Price} credits and the balance is {outcome.Credits.Balance}",
                false);
        }

        Record.Production = new Production(responseId, reservationId, $"rit_{Guid.NewGuid():N}", order);
        Record.Quote = null;
        Record.Slots = SessionSlots.Empty;
        _outbox.Append(new CreditsUpdatedEvent(outcome.Credits.Balance, outcome.Credits.Reserved));
        await MoveAsync(SessionState.Generating, RecordWrite.Behind);
        var run = new ResponseRun(responseId, isRitual: true, clock.GetTimestamp(), place: slot);
        _current = run;
        _ = ProduceAsync(run, Record.Production, slot);
        return null;
    }

    /// <summary>A new utterance cuts short a reply that is still being spoken.</summary>
    private async Task CutShortReplyAsync()
    {
        if (_current is { IsRitual: false } reply)
        {
            await StopRunAsync(reply, "cut short by the user");
        }
    }

    /// <summary>Stops a run: no frame of it follows, and a ritual's reservation is refunded.</summary>
    private async Task StopRunAsync(ResponseRun run, string reason)
    {
        run.Stop();
        ReleaseIfCurrent(run);
        if (_outbox.DropUndeliveredAudio(run.ResponseId) is { } firstUnsent)
        {
            _nextSeq = firstUnsent;
        }

        _outbox.Append(new ResponseCancelledEvent(run.ResponseId));
        if (run.IsRitual && Record.Production is { } production)
        {
            Record.Production = null;
            var credits = await Credits().RefundAsync(production.ReservationId, reason);
            _outbox.Append(new CreditsUpdatedEvent(credits.Balance, credits.Reserved));
            if (Record.State == SessionState.Ended)
            {
                // A ritual the session stayed for after its end failed: refunded, and the session goes.
                await PersistAsync();
                DeactivateOnIdle();
            }
            else
            {
                await MoveAsync(SessionState.Listening);
            }
        }
        else if (Record.State == SessionState.Greeting)
        {
            await MoveAsync(SessionState.Listening);
        }
    }

    /// <summary>A new activation of a session whose silo died mid-response: refund and listen again.</summary>
    private async Task RecoverInterruptedResponseAsync()
    {
        if (Record.Production is { } production)
        {
            Record.Production = null;
            if (await FinishSavedRitualAsync(production))
            {
                logger.LogWarning("Session {SessionId}: ritual {RitualId} was saved before a crash; charged for it", SessionId, production.RitualId);
            }
            else
            {
                logger.LogWarning("Session {SessionId} lost ritual {ResponseId} in production; refunding it", SessionId, production.ResponseId);
                await Credits().RefundAsync(production.ReservationId, "interrupted by a server restart");
                _outbox.Append(new ResponseCancelledEvent(production.ResponseId));
                _outbox.Append(new ErrorEvent(ErrorCodes.ProviderUnavailable, "the ritual in production was interrupted by a server restart and refunded", false));
            }
        }

        if (DialogueMachine.IsProducing(Record.State) || Record.State == SessionState.Greeting)
        {
            await MoveAsync(SessionState.Listening);
        }
    }

    /// <summary>
    /// A crash can fall between saving a ritual and charging for it. A saved ritual is a finished one: it is charged
    /// (once: the commit is idempotent) and announced. Should its reservation have expired meanwhile, it was refunded,
    /// and the ritual is removed rather than given away. Returns whether the ritual stays.
    /// </summary>
    private async Task<bool> FinishSavedRitualAsync(Production production)
    {
        var ritualGrain = GrainFactory.GetGrain<IRitualGrain>(production.RitualId);
        if (await ritualGrain.GetAsync(Record.UserId) is not { Access: RitualAccess.Allowed, Ritual: { } ritual })
        {
            return false;
        }

        await Credits().CommitAsync(production.ReservationId);
        if (await ChargedAsync(production.ReservationId) is not { } statement)
        {
            await ritualGrain.DeleteAsync(Record.UserId);
            return false;
        }

        _outbox.Append(new RitualCreatedEvent(ritual.RitualId, ritual.Kind, ritual.Title, ritual.DurationMs, production.Order.Price));
        _outbox.Append(new CreditsUpdatedEvent(statement.Balance, statement.Reserved));
        return true;
    }

    /// <summary>The ledger, if it shows the reservation committed; null if it does not, or cannot be read.</summary>
    private async Task<CreditStatement?> ChargedAsync(string reservationId)
    {
        try
        {
            var statement = await Credits().GetStatementAsync();
            return statement.Ledger.Any(e => e.Kind == "commit" && e.Id.StartsWith(reservationId + ":", StringComparison.Ordinal)) ? statement : null;
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Session {SessionId}: could not read the ledger to see whether {ReservationId} was charged", SessionId, reservationId);
            return null;
        }
    }

    private RitualOrder OrderFrom(SessionSlots slots, UserProfile profile)
    {
        var minutes = Math.Clamp(slots.DurationMinutes ?? profile.Preferences.DefaultDurationMinutes, 1, MaxMinutes);
        var kind = slots.Kind ?? WireJson.Name(RitualKind.Affirmation);
        var ritualKind = WireJson.TryParseKind(kind, out var parsed) ? parsed : RitualKind.Affirmation;
        var voice = slots.Voice ?? profile.Preferences.Voice;
        return new RitualOrder(kind, slots.Topic ?? "", minutes, voice, pricing.Value.PriceFor(ritualKind, minutes));
    }

    private static string Describe(string kind) => kind switch
    {
        "affirmation" => "affirmation set",
        "meditation" => "guided meditation",
        _ => "daily ritual",
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
