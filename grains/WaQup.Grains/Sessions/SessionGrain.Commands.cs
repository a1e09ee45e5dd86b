using WaQup.Abstractions.Costs;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Admission;
using WaQup.Grains.Costs;
using WaQup.Grains.Sessions.Dialogue;
using WaQup.Grains.Sessions.Production;
using WaQup.Grains.Sessions.Responses;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>The person's commands, decided by <see cref="DialogueRules"/> and carried out here.</summary>
public sealed partial class SessionGrain
{
    private DialogueState Now => new(Record.State, Record.Slots, Record.Quote);

    public async Task<ErrorEvent?> UserTextAsync(int connection, string text)
    {
        if (CrisisLanguage.Detect(text) is { } crisis)
        {
            return await SupportAsync(connection, crisis);
        }

        if (RefuseInput(connection) is { } refused)
        {
            return refused;
        }

        metrics.Turns.Add(1);
        await CutShortReplyAsync();
        var profile = await Profile();
        DialogueInput input;
        if (Record.State == SessionState.Confirming && extractor.ParseConfirmation(text) is { } accept)
        {
            input = new DialogueInput(Cue.Answered, profile, Accept: accept);
        }
        else
        {
            // A model reading the request is paid for by this person's session, as extraction.
            using var scope = CostScope.Enter(new CostScope(Record.UserId, SessionId, RitualId: null, CostOperations.Extraction));
            var slots = await extractor.ExtractAsync(text, Record.Slots.ToValues(), CancellationToken.None);
            input = new DialogueInput(Cue.Heard, profile, Slots: SessionSlots.From(slots));
        }

        return await CarryOutAsync(Rules.Decide(Now, input), profile);
    }

    /// <summary>
    /// Someone in crisis, in any state: a ritual being made is stopped and refunded (unless it has already been heard in
    /// full), and the session answers with care and help instead of anything it was doing.
    /// </summary>
    private async Task<ErrorEvent?> SupportAsync(int connection, CrisisKind crisis)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        metrics.Turns.Add(1);
        if (_current is { IsRitual: true, Delivered: true })
        {
            // A ritual heard in full is being saved: a spoken reply would take its place as the current response, and
            // its save would go unannounced. The help goes at once as text, as a note does.
            var line = Rules.Lines.Support(crisis);
            var noteId = NextResponseId();
            _outbox.Append(new AssistantTextDeltaEvent(noteId, line));
            _outbox.Append(new AssistantTextDoneEvent(noteId, line));
            return null;
        }

        if (_current is { IsRitual: true } ritual)
        {
            await StopAsync(ritual, "the person needs help, not a ritual");
        }

        await CutShortReplyAsync();
        var profile = await Profile();
        return await CarryOutAsync(Rules.Decide(Now, new DialogueInput(Cue.Distress, profile, Crisis: crisis)), profile);
    }

    public async Task<ErrorEvent?> RitualRequestAsync(int connection, RitualRequestCommand request)
    {
        if (RefuseInput(connection) is { } refused)
        {
            return refused;
        }

        metrics.Turns.Add(1);
        await CutShortReplyAsync();
        var profile = await Profile();
        var slots = new SessionSlots(request.Kind, request.Topic, request.DurationMinutes, request.Voice);
        return await CarryOutAsync(Rules.Decide(Now, new DialogueInput(Cue.Requested, profile, slots, Confirm: request.Confirm)), profile);
    }

    public async Task<ErrorEvent?> ConfirmAsync(int connection, bool accept)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        var step = Rules.Decide(Now, new DialogueInput(Cue.Answered, Accept: accept));
        if (step.Refusal is { } refusal)
        {
            return InvalidState(refusal);
        }

        metrics.Turns.Add(1);
        await CutShortReplyAsync();
        return await CarryOutAsync(step, profile: null);
    }

    public async Task<ErrorEvent?> CancelAsync(int connection)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        if (_current is not { } run)
        {
            if (ReplyBeingHeard())
            {
                // Every frame of the reply is out but the client is still playing it: it drops what it has buffered.
                await CutHeardReplyAsync("cancelled by the user");
                metrics.Cancels.Add(1);
                return null;
            }

            return InvalidState("there is no response to cancel");
        }

        if (run.IsRitual && run.Delivered)
        {
            return InvalidState("too late to cancel: the ritual has been heard in full; it is being saved to your library and charged");
        }

        await StopAsync(run, "cancelled by the user");
        metrics.Cancels.Add(1);
        return null;
    }

    public async Task EndAsync(int connection)
    {
        if (Superseded(connection) is not null || Record.State == SessionState.Ended)
        {
            return;
        }

        // A ritual heard in full is finished, not refunded: the person finds it in their library, and the session goes
        // once it is saved and charged.
        var finishing = _current is { IsRitual: true, Delivered: true };
        if (_current is { } run && !finishing)
        {
            await StopAsync(run, "the session ended");
        }

        await CarryOutAsync(Rules.Decide(Now, Cue.Ended), profile: null);
        _outbox.Wake();
        if (!finishing)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Carries out what the dialogue decided: the record changes, the moves are announced and stored, the line is
    /// said, and a ritual ordered is started. Returns the error the command answers with, if any.
    /// </summary>
    private async Task<ErrorEvent?> CarryOutAsync(DialogueStep step, UserProfile? profile)
    {
        if (step.Refusal is { } refusal)
        {
            return InvalidState(refusal);
        }

        var written = Apply(step);
        if (step.Line is { } line)
        {
            Speak(line, (profile ?? await Profile()).Preferences.Voice);
        }
        else if (step.SayQuote && Record.Quote is { } quote)
        {
            var credits = await Credits().GetAsync();
            Speak(Rules.Lines.Quote(quote, credits.Balance), quote.Voice);
        }

        await written;
        return step.Produce is { } order ? await StartProductionAsync(order) : null;
    }

    /// <summary>The step's change of record, announced (before the write: a command taken meanwhile announces after it) and stored.</summary>
    private Task Apply(DialogueStep step, string? note = null)
    {
        var from = Record.State;
        Record.State = step.Next.State;
        Record.Slots = step.Next.Slots;
        Record.Quote = step.Next.Quote;
        if (step.Via is { } via)
        {
            _outbox.Append(new StateChangedEvent(WireJson.Name(via), WireJson.Name(from)));
            from = via;
        }

        if (note is not null)
        {
            var noteId = NextResponseId();
            _outbox.Append(new AssistantTextDeltaEvent(noteId, note));
            _outbox.Append(new AssistantTextDoneEvent(noteId, note));
        }

        if (from != Record.State)
        {
            _outbox.Append(new StateChangedEvent(WireJson.Name(Record.State), WireJson.Name(from)));
        }

        return _writer.WriteAsync(step.Write);
    }

    /// <summary>Reserves the price, then has the ritual made; nothing is reserved when the silo has no room for it.</summary>
    private async Task<ErrorEvent?> StartProductionAsync(RitualOrder order)
    {
        if (!admission.TryAdmit(out var slot, out var refusal))
        {
            await CarryOutAsync(Rules.Decide(Now, Cue.NotAdmitted), profile: null);
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
        // A fresh id, so no later reservation can ever be taken for this one; if this activation dies before the
        // production record below is persisted, the reservation simply expires.
        var reservationId = $"{SessionId}:{Guid.NewGuid():N}";
        var ritualId = $"rit_{Guid.NewGuid():N}";
        // A lease: production renews it for as long as it runs, and nothing else does. Its reason names the ritual: the
        // commit and any refund repeat it, so every ledger entry says what it was for.
        var outcome = await Credits().ReserveAsync(reservationId, order.Price, Options.ReservationLease, RitualOrder.LedgerReason(ritualId, order));
        if (!outcome.Reserved)
        {
            slot.Dispose();
            await CarryOutAsync(Rules.Decide(Now, Cue.NotAffordable), profile: null);
            return new ErrorEvent(
                ErrorCodes.InsufficientCredits,
                $"this {order.Kind} costs {order.Price} credits and the balance is {outcome.Credits.Balance}",
                false);
        }

        var record = Record.Production = new ProductionRecord(responseId, reservationId, ritualId, order);
        _outbox.Append(new CreditsUpdatedEvent(outcome.Credits.Balance, outcome.Credits.Reserved));
        await Apply(Rules.Decide(Now, Cue.Reserved));
        var run = new ResponseRun(responseId, isRitual: true, clock.GetTimestamp(), place: slot);
        _current = run;
        DelayDeactivation(TimeSpan.FromMinutes(order.DurationMinutes) + Options.ReservationLease);
        // Every provider call of the production is recorded as this ritual's cost.
        using (CostScope.Enter(new CostScope(Record.UserId, SessionId, ritualId)))
        {
            _ = new RitualProduction(record, run, slot, production, Voice, this, Record.UserId).RunAsync();
        }
        return null;
    }

    /// <summary>Starts speaking a short reply.</summary>
    private void Speak(string text, string voice)
    {
        _fading = null;
        var run = new ResponseRun(NextResponseId(), isRitual: false, clock.GetTimestamp());
        _current = run;
        using (CostScope.Enter(new CostScope(Record.UserId, SessionId, RitualId: null)))
        {
            _ = Voice.SpeakReplyAsync(run, text, voice, User());
        }
    }

    /// <summary>A new utterance cuts short a reply that is still being spoken.</summary>
    private async Task CutShortReplyAsync()
    {
        _fading = null;
        if (_current is { IsRitual: false } reply)
        {
            await StopAsync(reply, "cut short by the user");
        }
    }

    /// <summary>Stops a run: no frame of it follows, and a ritual's reservation is refunded.</summary>
    private async Task StopAsync(ResponseRun run, string reason)
    {
        Silence(run);
        _outbox.Append(new ResponseCancelledEvent(run.ResponseId));
        if (run.IsRitual && Record.Production is { } made)
        {
            Record.Production = null;
            var credits = await RitualProduction.RefundAsync(GrainFactory, Record.UserId, made, reason);
            _outbox.Append(new CreditsUpdatedEvent(credits.Balance, credits.Reserved));
            await CarryOutAsync(Rules.Decide(Now, Cue.RitualStopped), profile: null);
            LeaveIfEnded();
        }
        else
        {
            await CarryOutAsync(Rules.Decide(Now, Cue.ReplyCut), profile: null);
        }
    }

    /// <summary>The run says nothing more: it is stopped, and its frames no connection has fetched are dropped.</summary>
    private void Silence(ResponseRun run)
    {
        run.Stop();
        if (ReferenceEquals(_current, run))
        {
            _current = null;
        }

        if (_outbox.DropUndeliveredAudio(run.ResponseId) is { } firstUnsent)
        {
            _numbers.GoBackTo(firstUnsent);
        }
    }

    /// <summary>A session that ended while its ritual finished goes once the ritual is settled.</summary>
    private void LeaveIfEnded()
    {
        if (Record.State == SessionState.Ended)
        {
            DeactivateOnIdle();
        }
    }

    private ErrorEvent? RefuseInput(int connection) =>
        Superseded(connection) ?? (DialogueRules.RefusesInput(Record.State) is { } why ? InvalidState(why) : null);

    private string NextResponseId() => $"resp_{++Record.ResponseCounter}";
}
