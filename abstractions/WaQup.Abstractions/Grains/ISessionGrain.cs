using Orleans.Concurrency;
using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>One conversation: the dialogue state machine, the current response, the audio replay buffer.</summary>
/// <remarks>
/// Only one connection drives a session at a time; each start or resume opens a new connection number and
/// the calls of older connections are refused. Commands answer at once; what the session says arrives
/// through <see cref="PollAsync"/>, in order.
/// </remarks>
public interface ISessionGrain : IGrainWithStringKey
{
    Task<SessionStart> StartAsync(SessionStartRequest request);

    /// <summary>
    /// Waits until something follows <paramref name="afterIndex"/> (or a keep-alive timeout) and returns it. The poll
    /// also carries the client's newest acknowledgement (<paramref name="acknowledged"/>, 0 for none), so a stream
    /// needs no calls of its own for acks; <see cref="AckAsync"/> is for an ack that no poll will carry soon.
    /// </summary>
    [AlwaysInterleave]
    Task<OutboxBatch> PollAsync(int connection, long afterIndex, uint acknowledged, CancellationToken cancellationToken);

    Task<ErrorEvent?> UserTextAsync(int connection, string text);

    Task<ErrorEvent?> RitualRequestAsync(int connection, RitualRequestCommand request);

    Task<ErrorEvent?> ConfirmAsync(int connection, bool accept);

    /// <summary>
    /// The person began to speak, <paramref name="audioMs"/> into the connection's microphone stream: speech over a
    /// greeting, question or quote being heard stops it. The audio itself never reaches the session: the connection's
    /// listener recognises it and reports what it heard.
    /// </summary>
    Task<ErrorEvent?> SpeechStartedAsync(int connection, long audioMs);

    Task<ErrorEvent?> SpeechStoppedAsync(int connection, long audioMs);

    /// <summary>
    /// What was heard: a partial transcript is reported; a final one is handled as <c>user.text</c> with its text (while
    /// a ritual is made, only a request to stop counts), and <c>""</c> gets a spoken "I did not catch that".
    /// </summary>
    Task<ErrorEvent?> TranscriptAsync(int connection, string text, bool final);

    /// <summary>Barge-in: stops the current response; a ritual in production is refunded.</summary>
    Task<ErrorEvent?> CancelAsync(int connection);

    Task AckAsync(int connection, uint seq);

    Task EndAsync(int connection);

    /// <summary>
    /// The connection's socket is gone; the session stays resumable. <paramref name="lastSentIndex"/> is the last
    /// outbox entry the connection wrote to its socket: events fetched after it never reached the client, so a resume
    /// sends them again. Polls of that connection find nothing from now on.
    /// </summary>
    Task DisconnectedAsync(int connection, long lastSentIndex);

    /// <summary>
    /// Its silo is draining: the session moves to <paramref name="target"/> once idle, taking its replay buffer. A
    /// ritual in production there is settled as after a crash (charged if it was saved, else refunded).
    /// </summary>
    [AlwaysInterleave]
    Task HandOffAsync(SiloAddress target);
}
