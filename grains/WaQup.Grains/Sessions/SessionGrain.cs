using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.Placement;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Admission;
using WaQup.Grains.Configuration;
using WaQup.Grains.Sessions.Dialogue;
using WaQup.Grains.Sessions.Production;
using WaQup.Grains.Sessions.Responses;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Audio;
using WaQup.Providers.Content;
using WaQup.Providers.Speech.Gate;

namespace WaQup.Grains.Sessions;

/// <summary>
/// One conversation: connections, the outbox the api node polls, and the dialogue's decisions carried out. What it
/// says is spoken by a <see cref="ResponseVoice"/>, and a ritual is made by a <see cref="RitualProduction"/>; both
/// report back by messages (<see cref="IResponseReports"/>), handled in one piece, so no background work changes the
/// session's state between its own awaits.
/// </summary>
[PreferLocalPlacement]
public sealed partial class SessionGrain(
    [PersistentState("session", "waqup")] IPersistentState<SessionRecord> store,
    ISlotExtractor extractor,
    ISpeechGate speech,
    ProductionServices production,
    RitualAdmission admission,
    FramePool frames,
    LocalSessions local,
    WaQupMetrics metrics,
    IOptions<PricingOptions> pricing,
    IOptions<ConversationOptions> options,
    TimeProvider clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IGrainMigrationParticipant
{
    /// <summary>The most outbox items one poll returns.</summary>
    public const int MaxBatch = 64;

    private const string OutboxKey = "waqup.outbox";
    private const string NextSeqKey = "waqup.next-seq";

    /// <summary>
    /// How far a new activation moves the reply numbers on: further than the replies one session can start within a
    /// turn's write delay, so a reply id the client heard before a silo died is not given to another.
    /// </summary>
    private const int ResponseIdGap = 100;

    private Outbox _outbox = null!;
    private RecordWriter _writer = null!;
    private SequenceNumbers _numbers = null!;
    private ResponseVoice? _voice;
    private DialogueRules? _rules;
    private ResponseRun? _current;

    /// <summary>The connection that reported its socket gone (until a resume opens the next one).</summary>
    private int _closedConnection;

    /// <summary>What the activation this one replaces handed over when it moved here (a drain), else null.</summary>
    private OutboxSnapshot? _arrived;
    private uint _arrivedNextSeq;

    private SessionRecord Record => store.State;

    private string SessionId => this.GetPrimaryKeyString();

    private ConversationOptions Options => options.Value;

    private ResponseVoice Voice => _voice ??= new ResponseVoice(
        Record.UserId, speech, frames, _numbers, new FramePacing(Options, clock), clock, metrics, this);

    private DialogueRules Rules => _rules ??= new DialogueRules(pricing.Value, new SessionLines(Options.SpokenTopicChars, Options.Help));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        local.Add(SessionId);
        _outbox = _arrived is { } arrived ? Outbox.Restore(arrived, Options.ReplayFrames, frames) : new Outbox(Options.ReplayFrames, frames);
        _arrived = null;
        _writer = new RecordWriter(store, Options.TurnWriteDelay, clock, logger, SessionId);
        _numbers = new SequenceNumbers(Record, _writer, _arrivedNextSeq);
        if (Record.Created)
        {
            // Replies numbered by an activation that died before its turns were written are never numbered again.
            Record.ResponseCounter += ResponseIdGap;
            await RecoverAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        local.Remove(SessionId);
        // The persisted production record stays: the next activation settles what this one could not finish.
        _current?.Stop();
        _current = null;
        _outbox.Wake();
        try
        {
            // A turn that was waiting for its write is not lost with the activation, and its timer goes with it.
            await _writer.FlushAsync(cancellationToken);
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
        dehydrationContext.TryAddValue(NextSeqKey, _numbers.Next);
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

        var presented = ResumeTokens.Match(Record, request.ResumeToken);
        if (request.UserId != Record.UserId || presented == TokenAge.None)
        {
            return Refused(ErrorCodes.ResumeFailed, "the resume token does not match this session", fatal: true);
        }

        if (Record.State == SessionState.Ended)
        {
            return Refused(ErrorCodes.ResumeFailed, "this session has ended", fatal: true);
        }

        // The newest token is replaced; the one before it is handed back as it is. A client holds the older one only
        // when the answer carrying the newer was lost, and then it may try again as often as it must, with the token it has.
        var token = presented == TokenAge.Current ? ResumeTokens.Issue(Record) : request.ResumeToken;
        Record.Connection++;
        await _writer.WriteAsync();
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

            if (connection == _closedConnection)
            {
                // Its socket went while it waited: a read now would count events as delivered that never will be.
                return new OutboxBatch([], null, false);
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

    public Task AckAsync(int connection, uint seq)
    {
        if (connection == Record.Connection)
        {
            _outbox.Ack(seq);
        }

        return Task.CompletedTask;
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
        var token = ResumeTokens.Issue(Record);
        Record.Created = true;
        Record.UserId = request.UserId;
        Record.State = SessionState.Greeting;
        Record.Connection = 1;
        await _writer.WriteAsync();
        var profile = await Profile();
        var ready = await ReadyAsync(token, resumed: false);
        await CarryOutAsync(Rules.Decide(Now, new DialogueInput(Cue.Started, profile, SpeakGreeting: Options.SpeakGreeting)), profile);
        return new SessionStart(ready, null, Record.Connection, [], 0);
    }

    /// <summary>A new activation of a session whose silo died mid-response: the ritual is settled, and the session listens again.</summary>
    private async Task RecoverAsync()
    {
        if (Record.Production is { } interrupted)
        {
            Record.Production = null;
            foreach (var said in await InterruptedProduction.SettleAsync(production, Record.UserId, interrupted))
            {
                _outbox.Append(said);
            }

            await _writer.WriteAsync();
        }

        await CarryOutAsync(Rules.Decide(Now, Cue.Recovered), profile: null);
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

    private ErrorEvent? Superseded(int connection) =>
        connection == Record.Connection
            ? null
            : new ErrorEvent(ErrorCodes.InvalidState, "this connection was replaced by a newer one for the same session", true);

    private static ErrorEvent InvalidState(string message) => new(ErrorCodes.InvalidState, message, false);

    private static SessionStart Refused(string code, string message, bool fatal) =>
        new(null, new ErrorEvent(code, message, fatal), 0, [], 0);

    private ICreditGrain Credits() => GrainFactory.GetGrain<ICreditGrain>(Record.UserId);

    private IUserGrain User() => GrainFactory.GetGrain<IUserGrain>(Record.UserId);

    private Task<UserProfile> Profile() => User().GetProfileAsync();
}
