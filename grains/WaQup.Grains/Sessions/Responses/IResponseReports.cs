using WaQup.Abstractions.Protocol;

namespace WaQup.Grains.Sessions.Responses;

/// <summary>
/// What a response being spoken or made tells its session, as messages. Each is handled at once, in one piece, on the
/// session's scheduler: a run never changes the session's state itself, and the session ignores a run it has stopped.
/// </summary>
public interface IResponseReports
{
    /// <summary>An event of the run (text, audio start and end) for the listener.</summary>
    void Said(ResponseRun run, ServerEvent said);

    /// <summary>One numbered wire frame; the session's outbox owns the buffer from here on.</summary>
    void Frame(ResponseRun run, uint seq, byte[] frame);

    /// <summary>A ritual's first frame went out.</summary>
    void RitualAudioStarted(ResponseRun run);

    /// <summary>A reply was spoken to its end (or not at all, when speech is not allowed it).</summary>
    void ReplyFinished(ResponseRun run);

    /// <summary>A reply's speech failed.</summary>
    void ReplyFailed(ResponseRun run, Exception error);

    /// <summary>A ritual was saved and charged.</summary>
    void RitualSaved(ResponseRun run, RitualCreatedEvent created, CreditsView credits);

    /// <summary>A ritual stopped by itself before it was saved (it failed, or its reservation ran out) and was refunded.</summary>
    void RitualFailed(ResponseRun run, ErrorEvent error, CreditsView credits);
}
