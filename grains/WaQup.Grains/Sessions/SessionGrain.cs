using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.Placement;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Admission;
using WaQup.Grains.Configuration;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Audio;
using WaQup.Providers.Blobs;
using WaQup.Providers.Content;
using WaQup.Providers.Speech.Gate;

namespace WaQup.Grains.Sessions;

/// <summary>
/// One conversation. Commands answer at once; replies and rituals are spoken by background runs on this
/// activation's scheduler, which append to the <see cref="Outbox"/> that the api node polls.
/// </summary>
/// <remarks>Not reentrant: runs interleave with commands only at their awaits, never in parallel.</remarks>
[PreferLocalPlacement]
public sealed partial class SessionGrain(
    [PersistentState("session", "waqup")] IPersistentState<SessionRecord> store,
    ISlotExtractor extractor,
    IScriptWriter writer,
    ISpeechGate speech,
    IBlobStore blobs,
    RecordingEncoder recordings,
    RitualAdmission admission,
    FramePool frames,
    LocalSessions local,
    WaQupMetrics metrics,
    IOptions<PricingOptions> pricing,
    IOptions<ConversationOptions> options,
    TimeProvider clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IGrainMigrationParticipant
{
    private const string OutboxKey = "waqup.outbox";
    private const string NextSeqKey = "waqup.next-seq";

    /// <summary>The most outbox items one poll returns.</summary>
    public const int MaxBatch = 64;

    private const uint SeqBlock = 4096;

    /// <summary>
    /// How far a new activation moves the reply numbers on: further than the replies one session can start within a
    /// turn's write delay, so a reply id the client heard before a silo died is not given to another.
    /// </summary>
    private const int ResponseIdGap = 100;

    private Outbox _outbox = null!;
    private ResponseRun? _current;
    private Task _pendingWrite = Task.CompletedTask;

    /// <summary>A conversational turn changed the record and no write has carried it yet.</summary>
    private bool _turnUnwritten;

    /// <summary>The wait before the waiting turn's write, while one is due; cancelled when the activation ends.</summary>
    private CancellationTokenSource? _turnWriteDue;
    private uint _nextSeq;
    private uint _durableCeiling;

    /// <summary>The connection that reported its socket gone (until a resume opens the next one).</summary>
    private int _closedConnection;
    private Task? _ceilingWrite;

    private SessionRecord Record => store.State;

    private string SessionId => this.GetPrimaryKeyString();

    private ConversationOptions Options => options.Value;

    /// <summary>What the activation this one replaces handed over when it moved here (a drain), else null.</summary>
    private OutboxSnapshot? _arrived;
    private uint _arrivedNextSeq;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        local.Add(SessionId);
        _outbox = _arrived is { } arrived ? Outbox.Restore(arrived, Options.ReplayFrames, frames) : new Outbox(Options.ReplayFrames, frames);
        _arrived = null;
        // Moved here, it goes on from where it was: every number below the persisted ceiling was reserved for it.
        _nextSeq = _arrivedNextSeq is > 0 and var next && next <= Record.SeqCeiling ? next : Record.SeqCeiling;
        _durableCeiling = Record.SeqCeiling;
        if (Record.Created)
        {
            // Replies numbered by an activation that died before its turns were written are never numbered again.
            Record.ResponseCounter += ResponseIdGap;
            await RecoverInterruptedResponseAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        local.Remove(SessionId);
        // The persisted production record stays: the next activation refunds what this one could not finish.
        _current?.Stop();
        _current = null;
        _outbox.Wake();
        try
        {
            // A turn that was waiting for its write is not lost with the activation, and its timer goes with it.
            _turnWriteDue?.Cancel();
            if (_turnUnwritten)
            {
                await PersistAsync().WaitAsync(cancellationToken);
            }

            await _pendingWrite.WaitAsync(cancellationToken);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Session {SessionId} deactivated with its last write unfinished", SessionId);
        }
    }

    public Task HandOffAsync(SiloAddress target)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        this.MigrateOnIdle();
        // A waiting poll would keep the activation busy until its timeout: it returns now, and the connection's next
        // poll reaches the session where it has moved.
        _outbox.Wake();
        return Task.CompletedTask;
    }

    /// <summary>Moving to another silo: the replay buffer and the next sequence number go too, so nothing retained is lost.</summary>
    public void OnDehydrate(IDehydrationContext dehydrationContext)
    {
        dehydrationContext.TryAddValue(OutboxKey, _outbox.Snapshot());
        dehydrationContext.TryAddValue(NextSeqKey, _nextSeq);
    }

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue(OutboxKey, out OutboxSnapshot? snapshot))
        {
            _arrived = snapshot;
        }

        if (rehydrationContext.TryGetValue(NextSeqKey, out uint nextSeq))
        {
            _arrivedNextSeq = nextSeq;
        }
    }

    public async Task<SessionStart> StartAsync(SessionStartRequest request)
    {
        if (request.AudioFormat is not null && request.AudioFormat != AudioFormat.WireName)
        {
            return Refused(ErrorCodes.BadRequest, $"audio_format '{request.AudioFormat}' is not supported; use '{AudioFormat.WireName}'", fatal: false);
        }

        if (!Record.Created)
        {
            return request.ResumeToken is null
                ? await CreateAsync(request)
                : Refused(ErrorCodes.ResumeFailed, "there is no such session to resume", fatal: true);
        }

        if (request.ResumeToken is null)
        {
            return Refused(ErrorCodes.ResumeFailed, "this session exists: resuming it needs its resume_token", fatal: true);
        }

        var presented = TokenMatch(request.ResumeToken);
        if (request.UserId != Record.UserId || presented == TokenAge.None)
        {
            return Refused(ErrorCodes.ResumeFailed, "the resume token does not match this session", fatal: true);
        }

        if (Record.State == SessionState.Ended)
        {
            return Refused(ErrorCodes.ResumeFailed, "this session has ended", fatal: true);
        }

        // The newest token is replaced; the one before it is handed back as it is. A client holds the older one only
        // when the answer carrying the newer was lost (its node died mid-resume), and then it may try again as often
        // as it must, with the token it has.
        var token = presented == TokenAge.Current ? NewResumeToken() : request.ResumeToken;
        Record.Connection++;
        await PersistAsync();
        _outbox.Wake();
        var replay = _outbox.ReplayAfter(request.LastAudioSeq);
        // Taken before the next await: whatever is said while the credits are read comes through the poll.
        var cursor = _outbox.LastIndex;
        var ready = await ReadyAsync(token, resumed: true);
        return new SessionStart(ready, null, Record.Connection, replay, cursor);
    }

    public async Task<OutboxBatch> PollAsync(int connection, long afterIndex, uint acknowledged, CancellationToken cancellationToken)
    {
        if (Superseded(connection) is { } superseded)
        {
            return new OutboxBatch([], superseded, false);
        }

        if (connection == _closedConnection)
        {
            // A poll that set out before its connection ended: what it would fetch could only be lost.
            return new OutboxBatch([], null, false);
        }

        if (acknowledged > 0)
        {
            _outbox.Ack(acknowledged);
        }

        var items = _outbox.Read(afterIndex, MaxBatch);
        if (items.Count == 0 && Record.State != SessionState.Ended)
        {
            // The timer is cancelled as soon as news comes: a streaming session polls many times a second, and
            // each poll must not leave a timer running for the full timeout.
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                await Task.WhenAny(_outbox.WhenNews, Task.Delay(Options.PollTimeout, clock, timeout.Token));
                await timeout.CancelAsync();
            }

            if (Superseded(connection) is { } replaced)
            {
                return new OutboxBatch([], replaced, false);
            }

            items = _outbox.Read(afterIndex, MaxBatch);
            if (items.Count == 0)
            {
                // A whole timeout without a word: the session is quiet, and the room its last burst needed goes.
                _outbox.TrimExcess();
            }
        }

        var ended = Record.State == SessionState.Ended && items.Count == 0;
        return new OutboxBatch(items, null, ended);
    }

    public async Task<ErrorEvent?> UserTextAsync(int connection, string text)
    {
        if (RefuseInput(connection) is { } refused)
        {
            return refused;
        }

        metrics.Turns.Add(1);

        await CutShortReplyAsync();
        if (Record.State == SessionState.Confirming && extractor.ParseConfirmation(text) is { } accept)
        {
            return await AnswerQuoteAsync(accept);
        }

        var profile = await Profile();
        var slots = extractor.Extract(text, Record.Slots.ToValues());
        Record.Slots = SessionSlots.From(slots);
        return await AdvanceAsync(profile);
    }

    public async Task<ErrorEvent?> RitualRequestAsync(int connection, RitualRequestCommand request)
    {
        if (RefuseInput(connection) is { } refused)
        {
            return refused;
        }

        metrics.Turns.Add(1);

        await CutShortReplyAsync();
        Record.Slots = new SessionSlots(request.Kind, request.Topic, request.DurationMinutes, request.Voice);
        var profile = await Profile();
        if (!request.Confirm)
        {
            return await AdvanceAsync(profile);
        }

        Record.Quote = OrderFrom(Record.Slots, profile);
        return await StartProductionAsync();
    }

    public async Task<ErrorEvent?> ConfirmAsync(int connection, bool accept)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        if (Record.State != SessionState.Confirming)
        {
            return InvalidState("there is nothing to confirm");
        }

        metrics.Turns.Add(1);

        await CutShortReplyAsync();
        return await AnswerQuoteAsync(accept);
    }

    public Task<ErrorEvent?> CommitAudioAsync(int connection, long audioBytes)
    {
        if (RefuseInput(connection) is { } refused)
        {
            return Task.FromResult<ErrorEvent?>(refused);
        }

        if (audioBytes == 0)
        {
            return Task.FromResult<ErrorEvent?>(new ErrorEvent(ErrorCodes.BadRequest, "no microphone audio was sent since the last commit", false));
        }

        // The embedded default has no speech recognition: clients send text (PROTOCOL.md, providers).
        return Task.FromResult<ErrorEvent?>(new ErrorEvent(
            ErrorCodes.ProviderUnavailable, "server-side transcription is not configured; send user.text", false));
    }

    public async Task<ErrorEvent?> CancelAsync(int connection)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        if (_current is not { } run)
        {
            return InvalidState("there is no response to cancel");
        }

        if (run.IsRitual && run.Delivered)
        {
            return InvalidState("too late to cancel: the ritual has been heard in full; it is being saved to your library and charged");
        }

        await StopRunAsync(run, "cancelled by the user");
        metrics.Cancels.Add(1);
        return null;
    }

    public Task AckAsync(int connection, uint seq)
    {
        if (connection == Record.Connection)
        {
            _outbox.Ack(seq);
        }

        return Task.CompletedTask;
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
            await StopRunAsync(run, "the session ended");
        }

        await MoveAsync(SessionState.Ended);
        _outbox.Wake();
        if (!finishing)
        {
            DeactivateOnIdle();
        }
    }

    public Task DisconnectedAsync(int connection, long lastSentIndex)
    {
        // A ritual in production goes on: the person finds it in their library, or resumes to hear it.
        if (connection == Record.Connection)
        {
            _closedConnection = connection;
            _outbox.Undeliver(lastSentIndex);
            _outbox.Wake();
        }

        return Task.CompletedTask;
    }

    private async Task<SessionStart> CreateAsync(SessionStartRequest request)
    {
        var token = NewResumeToken();
        Record.Created = true;
        Record.UserId = request.UserId;
        Record.State = SessionState.Greeting;
        Record.Connection = 1;
        await PersistAsync();
        var profile = await Profile();
        var ready = await ReadyAsync(token, resumed: false);
        if (Options.SpeakGreeting)
        {
            Speak(
                $"Hello {profile.DisplayName}. I can make you an affirmation set, a guided meditation or a daily ritual. What would you like today?",
                profile.Preferences.Voice,
                after: SessionState.Listening);
        }
        else
        {
            await MoveAsync(SessionState.Listening);
        }

        return new SessionStart(ready, null, Record.Connection, [], 0);
    }

    private async Task<SessionReadyEvent> ReadyAsync(string token, bool resumed)
    {
        var credits = await Credits().GetAsync();
        return new SessionReadyEvent(
            SessionId,
            token,
            WireJson.Name(Record.State),
            resumed,
            AudioFormat.WireName,
            AudioFormat.SampleRate,
            AudioFormat.FrameMs,
            credits);
    }

    private string NewResumeToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Record.PreviousResumeTokenHash = Record.ResumeTokenHash;
        Record.ResumeTokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return token;
    }

    private TokenAge TokenMatch(string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        // Both compared, always: the time taken says nothing about which one matched.
        var current = CryptographicOperations.FixedTimeEquals(hash, Record.ResumeTokenHash);
        var previous = Record.PreviousResumeTokenHash.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, Record.PreviousResumeTokenHash);
        return current ? TokenAge.Current : previous ? TokenAge.Previous : TokenAge.None;
    }

    private enum TokenAge
    {
        None,
        Current,
        Previous,
    }

    private ErrorEvent? Superseded(int connection) =>
        connection == Record.Connection
            ? null
            : new ErrorEvent(ErrorCodes.InvalidState, "this connection was replaced by a newer one for the same session", true);

    private ErrorEvent? RefuseInput(int connection)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        if (!DialogueMachine.AcceptsInput(Record.State))
        {
            return InvalidState(DialogueMachine.IsProducing(Record.State)
                ? "a ritual is being made: wait for it, or send response.cancel"
                : $"not accepted in state {WireJson.Name(Record.State)}");
        }

        return null;
    }

    private static ErrorEvent InvalidState(string message) => new(ErrorCodes.InvalidState, message, false);

    private static SessionStart Refused(string code, string message, bool fatal) =>
        new(null, new ErrorEvent(code, message, fatal), 0, [], 0);

    private ICreditGrain Credits() => GrainFactory.GetGrain<ICreditGrain>(Record.UserId);

    private IUserGrain User() => GrainFactory.GetGrain<IUserGrain>(Record.UserId);

    private Task<UserProfile> Profile() => User().GetProfileAsync();

    /// <summary>Moves the dialogue and persists it, as <paramref name="write"/> says.</summary>
    private async Task MoveAsync(SessionState to, RecordWrite write = RecordWrite.Awaited)
    {
        var from = Record.State;
        if (from != to && !DialogueMachine.CanMove(from, to))
        {
            throw new InvalidOperationException($"Session {SessionId} cannot move from {from} to {to}.");
        }

        Record.State = to;
        // Announced with the change, before the write: a command taken while it is written may move the session on,
        // and its announcement must come after this one.
        if (from != to)
        {
            _outbox.Append(new StateChangedEvent(WireJson.Name(to), WireJson.Name(from)));
        }

        switch (write)
        {
            case RecordWrite.Awaited:
                await PersistAsync();
                break;
            case RecordWrite.Behind:
                _ = PersistAsync();
                break;
            default:
                WriteTurnSoon();
                break;
        }
    }

    /// <summary>
    /// A conversational turn's change is written within <see cref="ConversationOptions.TurnWriteDelay"/>, together
    /// with any other turn taken meanwhile; any write before then carries it too.
    /// </summary>
    private void WriteTurnSoon()
    {
        if (Options.TurnWriteDelay <= TimeSpan.Zero)
        {
            _ = PersistAsync();
            return;
        }

        _turnUnwritten = true;
        if (_turnWriteDue is null)
        {
            _turnWriteDue = new CancellationTokenSource();
            _ = WriteTurnLaterAsync(_turnWriteDue);
        }
    }

    private async Task WriteTurnLaterAsync(CancellationTokenSource due)
    {
        try
        {
            await Task.Delay(Options.TurnWriteDelay, clock, due.Token);
            _turnWriteDue = null;
            if (_turnUnwritten)
            {
                await PersistAsync();
            }
        }
        catch (OperationCanceledException) when (due.IsCancellationRequested)
        {
            // The activation is ending, and writes what is waiting itself.
        }
        catch (Exception error)
        {
            // The record stays as it is in memory: the next write, or the activation's end, carries it.
            _turnWriteDue = null;
            logger.LogWarning(error, "Session {SessionId}: a turn's write failed; the next write carries it", SessionId);
        }
        finally
        {
            due.Dispose();
        }
    }

    /// <summary>Writes the record once any write still in flight has finished: the store takes one write at a time.</summary>
    /// <remarks>Written behind the announcement (not awaited), a failure surfaces in the next write's log.</remarks>
    private Task PersistAsync() => _pendingWrite = PersistAfterAsync(_pendingWrite);

    private async Task PersistAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception error)
        {
            // This write carries the whole record, so it also makes up for the one that failed.
            logger.LogWarning(error, "Session {SessionId}: an earlier write failed; writing again", SessionId);
        }

        // This write carries the whole record as it is now, a waiting turn's change with it.
        _turnUnwritten = false;
        await store.WriteStateAsync();
    }

    private string NextResponseId() => $"resp_{++Record.ResponseCounter}";

    /// <summary>
    /// The next sequence number. A number is handed out only below a ceiling that has been written, so a session
    /// brought back after a crash never repeats one; the ceiling is raised half a block ahead, behind the audio,
    /// so a reply waits for that write only when it outruns it (before, one reply in thirty waited for two).
    /// </summary>
    private async ValueTask<uint> AllocateSeqAsync()
    {
        RaiseCeilingAhead();
        while (_nextSeq >= _durableCeiling)
        {
            await (_ceilingWrite ?? StartCeilingWrite());
        }

        return _nextSeq++;
    }

    /// <summary>The next sequence number if one is in hand without waiting for the ceiling's write.</summary>
    private bool TryTakeSeq(out uint seq)
    {
        RaiseCeilingAhead();
        if (_nextSeq >= _durableCeiling)
        {
            seq = 0;
            return false;
        }

        seq = _nextSeq++;
        return true;
    }

    private void RaiseCeilingAhead()
    {
        if (_ceilingWrite is null && (_nextSeq + (SeqBlock / 2) >= Record.SeqCeiling || _nextSeq >= _durableCeiling))
        {
            Record.SeqCeiling = Math.Max(Record.SeqCeiling, _nextSeq + SeqBlock);
            // Not awaited here: a failure surfaces when the numbers run out, and in the next write's log.
            _ = StartCeilingWrite();
        }
    }

    /// <summary>One ceiling write at a time; a write that finished at once leaves none behind.</summary>
    private Task StartCeilingWrite()
    {
        var write = RaiseCeilingAsync(Record.SeqCeiling);
        _ceilingWrite = write.IsCompleted ? null : write;
        return write;
    }

    private async Task RaiseCeilingAsync(uint ceiling)
    {
        try
        {
            await PersistAsync();
            _durableCeiling = Math.Max(_durableCeiling, ceiling);
        }
        finally
        {
            _ceilingWrite = null;
        }
    }
}
