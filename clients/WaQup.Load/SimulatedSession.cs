using System.Diagnostics;
using System.Text.Json.Nodes;
using WaQup.Client;

namespace WaQup.Load;

/// <summary>
/// One conversation session as the load tester sees it, across reconnects: it reads every message in order, checks
/// the protocol rules on the way (sequence numbers, nothing after a cancel, no unexpected error) and measures.
/// </summary>
public sealed class SimulatedSession(Uri baseUri, LoadMetrics metrics, TimeSpan patience) : IAsyncDisposable
{
    private static readonly long FrameTicks = Stopwatch.Frequency * 40 / 1000;

    /// <summary>The longest the microphone stays open after speech: far past the 700 ms of silence the server waits for.</summary>
    private static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(5);

    private readonly FramePlayer _player = new(FrameTicks);
    private ConversationClient? _client;
    private string? _accessToken;
    private string? _expectedError;
    private int? _refusedRetryMs;
    private string? _currentResponse;
    private string? _ritualResponse;
    private bool _ritualArmed;
    private bool _afterCancel;
    private bool _resumedMidResponse;
    private long _turnStart;
    private bool _turnIsVoice;
    private bool _awaitingTranscript;
    private long _speechStoppedAt;
    private long _replyFirstFrameAt;
    private long _replyHeardUntil;

    public string? SessionId { get; private set; }

    public string? ResumeToken { get; private set; }

    public uint LastSeq { get; private set; }

    public string State { get; private set; } = "";

    public int Balance { get; private set; }

    public bool ResponseOpen { get; private set; }

    /// <summary>Frames received on the current connection; the client keeps them all, so long connections are recycled.</summary>
    public int FramesOnConnection { get; private set; }

    /// <summary>Frames of the ritual being requested, counted from its first one.</summary>
    public int RitualFrames { get; private set; }

    public bool Connected => _client is not null;

    /// <summary>Aborts the socket, as a lost network would; safe to call from any thread.</summary>
    public void Abort() => _client?.Abort();

    /// <summary>Opens a new session for the user behind <paramref name="accessToken"/> and waits until it listens.</summary>
    public async Task StartAsync(string accessToken, CancellationToken cancellationToken)
    {
        await DropAsync();
        _accessToken = accessToken;
        SessionId = null;
        ResumeToken = null;
        LastSeq = 0;
        State = "";
        ResponseOpen = false;
        _currentResponse = null;
        _afterCancel = false;
        _resumedMidResponse = false;
        _awaitingTranscript = false;
        _replyHeardUntil = 0;
        _player.Stop();
        var started = Stopwatch.GetTimestamp();
        _client = await ConversationClient.ConnectAsync(baseUri, accessToken, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        FramesOnConnection = 0;
        await SendAsync(new { type = "session.start" });
        var ready = await WaitEventAsync("session.ready");
        metrics.Connected(started);
        metrics.SessionStarted();
        SessionId = (string?)ready["session_id"];
        ResumeToken = (string?)ready["resume_token"];
        await WaitQuietAsync("listening");
    }

    /// <summary>Drops the connection mid-speech and resumes the session on a new one.</summary>
    public async Task AbortAndResumeAsync(CancellationToken cancellationToken)
    {
        var heard = LastSeq;
        await DropAsync();
        var started = Stopwatch.GetTimestamp();
        _client = await ConversationClient.ConnectAsync(baseUri, _accessToken!, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        FramesOnConnection = 0;
        _resumedMidResponse = ResponseOpen;
        _player.Stop();
        await SendAsync(new { type = "session.start", session_id = SessionId, resume_token = ResumeToken, last_audio_seq = heard });
        var ready = await WaitEventAsync("session.ready");
        metrics.Connected(started);
        if ((bool?)ready["resumed"] != true || (string?)ready["session_id"] != SessionId)
        {
            throw new ScriptFailure($"resume answered resumed={ready["resumed"]}, session_id={ready["session_id"]}");
        }

        ResumeToken = (string?)ready["resume_token"];
    }

    public Task SendAsync(object evt) => Client.SendAsync(evt);

    public Task SendTextAsync(string text) => Client.SendTextAsync(text);

    /// <summary>
    /// Sends a request that leads to a ritual, and waits until the ritual is being made. A refusal with
    /// <c>overloaded</c> is counted (not as an error) and the same request is sent again after its
    /// <c>retry_after_ms</c>, as a polite client does; the turn's latency runs from the request that was taken to the
    /// ritual's first audio frame.
    /// </summary>
    public Task RequestRitualAsync(object evt, CancellationToken cancellationToken) =>
        RequestRitualAsync(
            async () =>
            {
                _turnStart = Stopwatch.GetTimestamp();
                await SendAsync(evt);
                return true;
            },
            voice: false,
            cancellationToken);

    /// <summary>
    /// Says <paramref name="line"/> to confirm a ritual, as <see cref="RequestRitualAsync(object, CancellationToken)"/>
    /// sends it (saying it again after a refusal); its turn runs from the end of the speech. False, with nothing more
    /// done, when <paramref name="understood"/> finds the transcript is not what was said.
    /// </summary>
    public Task<bool> SayRitualRequestAsync(VoiceLine line, Func<string, bool> understood, CancellationToken cancellationToken) =>
        RequestRitualAsync(
            async () =>
            {
                var (heard, speechEnd) = await SayAsync(line, cancellationToken);
                _turnStart = speechEnd;
                return understood(heard);
            },
            voice: true,
            cancellationToken);

    /// <summary>
    /// Speaks <paramref name="line"/> at real-time pace into an open microphone, after the last reply has played out
    /// (a ritual excepted), and waits for its final transcript; returns the words heard and when the speech ended.
    /// </summary>
    public async Task<(string Heard, long SpeechEnd)> SayAsync(VoiceLine line, CancellationToken cancellationToken)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _replyHeardUntil);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, cancellationToken);
        }

        _speechStoppedAt = 0;
        _awaitingTranscript = true;
        await using var utterance = Utterance.Start(Client, line.Pcm, realTime: true, MaxSilence, cancellationToken);
        var final = await WaitEventAsync("user.transcript", e => (bool?)e["final"] == true);
        var heardAt = Stopwatch.GetTimestamp();
        utterance.Hush();
        var speechEnd = await utterance.SpeechSent;
        await utterance.Completion;
        if (_speechStoppedAt == 0)
        {
            throw new ScriptFailure($"the final transcript of {line.Name} came with no input_audio.speech_stopped before it");
        }

        var heard = (string?)final["text"] ?? "";
        metrics.Transcribed(speechEnd, _speechStoppedAt, heardAt, line.Text, heard);
        return (heard, speechEnd);
    }

    private async Task<bool> RequestRitualAsync(Func<Task<bool>> ask, bool voice, CancellationToken cancellationToken)
    {
        while (true)
        {
            _ritualArmed = false;
            _ritualResponse = null;
            _refusedRetryMs = null;
            RitualFrames = 0;
            _turnIsVoice = voice;
            if (!await ask())
            {
                return false;
            }

            await WaitAsync(r => _refusedRetryMs is not null || (r.Type == "state.changed" && State == "generating"), "the ritual to start, or a refusal");
            if (_refusedRetryMs is not { } retryMs)
            {
                return true;
            }

            metrics.RitualRefused(retryMs);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(retryMs, 1)), cancellationToken);
        }
    }

    /// <summary>The next error event must carry <paramref name="code"/>; it is not counted as an error.</summary>
    public void ExpectError(string code) => _expectedError = code;

    public async Task<JsonObject> WaitEventAsync(string type, Func<JsonObject, bool>? where = null)
    {
        var received = await WaitAsync(r => r.Type == type && (where is null || where(r.Event!)), type);
        return received.Event!;
    }

    /// <summary>Waits until the session is in <paramref name="state"/> and no response is being spoken.</summary>
    public async Task WaitQuietAsync(string state)
    {
        if (State == state && !ResponseOpen)
        {
            return;
        }

        await WaitAsync(_ => State == state && !ResponseOpen, $"state {state} with nothing playing");
    }

    public async Task WaitRitualFramesAsync(int frames)
    {
        if (RitualFrames >= frames)
        {
            return;
        }

        await WaitAsync(_ => RitualFrames >= frames, $"{frames} frames of the ritual");
    }

    public async Task<Received> WaitAsync(Func<Received, bool> match, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"timed out waiting for {what} (state {State}, last seq {LastSeq})");
            }

            Received? next;
            try
            {
                next = await Client.NextAsync(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"timed out waiting for {what} (state {State}, last seq {LastSeq})");
            }

            if (next is null)
            {
                throw new ScriptFailure($"the socket closed while waiting for {what}");
            }

            Observe(next);
            if (match(next))
            {
                return next;
            }
        }
    }

    /// <summary>Ends the session politely and closes the socket.</summary>
    public async Task EndAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.SendAsync(new { type = "session.end" });
                await _client.CloseAsync();
            }
            catch (Exception)
            {
                // The session is being left either way; a socket that is already gone changes nothing.
            }
        }

        await DropAsync();
    }

    public ValueTask DisposeAsync() => new(DropAsync());

    private ConversationClient Client => _client ?? throw new InvalidOperationException("not connected");

    private async Task DropAsync()
    {
        var client = _client;
        _client = null;
        if (client is not null)
        {
            client.Abort();
            await client.DisposeAsync();
        }
    }

    private void Observe(Received received)
    {
        if (received.IsAudio)
        {
            ObserveFrame(received.Seq);
            return;
        }

        var evt = received.Event!;
        switch (received.Type)
        {
            case "session.ready":
                Balance = (int?)evt["credits"]?["balance"] ?? Balance;
                State = (string?)evt["state"] ?? State;
                break;
            case "credits.updated":
                Balance = (int?)evt["balance"] ?? Balance;
                break;
            case "state.changed":
                State = (string?)evt["state"] ?? State;
                if (State == "generating")
                {
                    _ritualArmed = true;
                }

                break;
            case "input_audio.speech_stopped":
                _speechStoppedAt = Stopwatch.GetTimestamp();
                break;
            case "user.transcript" when (bool?)evt["final"] == true:
                // Exactly one final per utterance; more means the server split what was said at a pause.
                if (!_awaitingTranscript)
                {
                    metrics.ExtraTranscript();
                }

                _awaitingTranscript = false;
                break;
            case "audio.start":
                _replyFirstFrameAt = 0;
                ResponseOpen = true;
                _resumedMidResponse = false;
                _afterCancel = false;
                _currentResponse = (string?)evt["response_id"];
                _player.Start();
                if (_ritualArmed)
                {
                    _ritualArmed = false;
                    _ritualResponse = _currentResponse;
                }

                break;
            case "audio.done":
                // A reply plays for its length from its first frame (it arrives faster); a ritual is not waited for.
                _replyHeardUntil = _currentResponse == _ritualResponse || _replyFirstFrameAt == 0
                    ? 0
                    : _replyFirstFrameAt + (long)(((double?)evt["duration_ms"] ?? 0) * Stopwatch.Frequency / 1000);
                ResponseOpen = false;
                _player.Stop();
                break;
            case "response.cancelled":
                _replyHeardUntil = 0;
                ResponseOpen = false;
                _afterCancel = true;
                _player.Stop();
                break;
            case "ritual.created":
                // audio.done comes before ritual.created; after a resume it may have been lost with the old socket.
                ResponseOpen = false;
                _player.Stop();
                metrics.RitualCreated();
                break;
            case "error":
                var code = (string?)evt["code"] ?? "unknown";
                if (code == "overloaded" && (bool?)evt["fatal"] != true)
                {
                    // Refused before anything was reserved: RequestRitualAsync asks again.
                    _refusedRetryMs = (int?)evt["retry_after_ms"] ?? 1000;
                    break;
                }

                if (code == _expectedError)
                {
                    _expectedError = null;
                    break;
                }

                metrics.Error(code);
                throw new ScriptFailure($"unexpected error {code}: {(string?)evt["message"]}");
        }
    }

    private void ObserveFrame(uint seq)
    {
        var arrival = Stopwatch.GetTimestamp();
        if (seq != LastSeq + 1)
        {
            throw new ScriptFailure(seq <= LastSeq ? $"duplicate audio frame {seq} after {LastSeq}" : $"audio gap: frame {seq} after {LastSeq}");
        }

        LastSeq = seq;
        FramesOnConnection++;
        if (_afterCancel)
        {
            throw new ScriptFailure($"audio frame {seq} after response.cancelled of {_currentResponse}");
        }

        if (!ResponseOpen && !_resumedMidResponse)
        {
            throw new ScriptFailure($"audio frame {seq} outside audio.start/audio.done");
        }

        if (_replyFirstFrameAt == 0)
        {
            _replyFirstFrameAt = arrival;
        }

        var late = _player.Play(arrival);
        metrics.Frame(late);
        if (_ritualResponse is not null && _currentResponse == _ritualResponse)
        {
            if (RitualFrames == 0 && _turnStart != 0)
            {
                if (_turnIsVoice)
                {
                    metrics.VoiceTurnAnswered(_turnStart);
                }
                else
                {
                    metrics.TurnAnswered(_turnStart);
                }

                _turnStart = 0;
            }

            RitualFrames++;
        }
    }
}
