using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Sessions.Dialogue;
using WaQup.Grains.Sessions.Responses;

namespace WaQup.Grains.Sessions;

/// <summary>
/// What the runs report, handled as messages: each in one piece, without an await, and only for the run the session
/// is still speaking (a run it stopped has nothing more to say).
/// </summary>
public sealed partial class SessionGrain : IResponseReports
{
    void IResponseReports.Said(ResponseRun run, ServerEvent said)
    {
        if (ReferenceEquals(_current, run))
        {
            _outbox.Append(said);
        }
    }

    void IResponseReports.Frame(ResponseRun run, uint seq, byte[] frame)
    {
        if (ReferenceEquals(_current, run))
        {
            _outbox.AppendAudio(seq, frame, run.ResponseId);
        }
        else
        {
            // Never appended, so nobody else can hold it.
            frames.Return(frame);
        }
    }

    void IResponseReports.RitualAudioStarted(ResponseRun run)
    {
        if (ReferenceEquals(_current, run))
        {
            _ = Apply(Rules.Decide(Now, Cue.RitualAudioStarted));
        }
    }

    void IResponseReports.ReplyFinished(ResponseRun run)
    {
        if (ReferenceEquals(_current, run))
        {
            _current = null;
            NoteReplySent(run);
            _ = Apply(Rules.Decide(Now, Cue.GreetingSpoken));
        }
    }

    void IResponseReports.ReplyFailed(ResponseRun run, Exception error)
    {
        if (!ReferenceEquals(_current, run))
        {
            return;
        }

        logger.LogWarning(error, "Session {SessionId} could not speak reply {ResponseId}", SessionId, run.ResponseId);
        _outbox.Append(new ErrorEvent(ErrorCodes.ProviderUnavailable, "speech is unavailable right now", false));
        Silence(run);
        _outbox.Append(new ResponseCancelledEvent(run.ResponseId));
        _ = Apply(Rules.Decide(Now, Cue.ReplyCut));
    }

    void IResponseReports.RitualSaved(ResponseRun run, RitualCreatedEvent created, CreditsView credits)
    {
        if (!ReferenceEquals(_current, run))
        {
            return;
        }

        _current = null;
        Record.Production = null;
        _outbox.Append(created);
        _outbox.Append(new CreditsUpdatedEvent(credits.Balance, credits.Reserved));
        var step = Rules.Decide(Now, Cue.RitualSaved);
        // Stored behind the announcement: should this silo die first, the next activation finds the ritual saved and
        // charged, and announces it again.
        _ = Apply(step with { Write = RecordWrite.Behind }, step.Via is null ? null : SessionLines.Saved(created.Kind, created.Title));
        LeaveIfEnded();
    }

    void IResponseReports.RitualFailed(ResponseRun run, ErrorEvent error, CreditsView credits)
    {
        if (!ReferenceEquals(_current, run))
        {
            return;
        }

        Silence(run);
        Record.Production = null;
        _outbox.Append(error);
        _outbox.Append(new ResponseCancelledEvent(run.ResponseId));
        _outbox.Append(new CreditsUpdatedEvent(credits.Balance, credits.Reserved));
        _ = Apply(Rules.Decide(Now, Cue.RitualStopped) with { Write = RecordWrite.Behind });
        LeaveIfEnded();
    }
}
