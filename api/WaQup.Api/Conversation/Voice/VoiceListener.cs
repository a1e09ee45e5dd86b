using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Costs;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Abstractions.Voice;

namespace WaQup.Api.Conversation.Voice;

/// <summary>
/// Listens to one connection's microphone: finds where speech starts and stops, streams each utterance to the
/// recogniser as it is spoken, and tells the session, in order, what happened and what was heard. The audio goes no
/// further than the recogniser: nothing of it is stored.
/// </summary>
public sealed class VoiceListener : IAsyncDisposable
{
    private readonly ISessionGrain _session;
    private readonly CostScope? _costScope;
    private readonly int _connection;
    private readonly bool _serverVad;
    private readonly ISpeechRecognizer _recognizer;
    private readonly VoiceActivityDetector _detector;
    private readonly long _maxUtteranceBytes;
    private readonly Func<ErrorEvent, Task> _sendError;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly byte[] _frame = new byte[VoiceActivityDetector.FrameBytes];
    private readonly PreRoll _preRoll;
    private readonly HeldPause _heldPause;
    private readonly int _decodedPauseMs;
    private readonly Channel<Func<Task>> _reports = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reporting;
    private readonly Lock _utteranceLock = new();
    /// <summary>Who speaks into this connection's microphone: the recogniser learns their channel over their utterances.</summary>
    private readonly Speaker _speaker = new();
    private int _frameFill;
    private long _streamBytes;
    private bool _audioSinceCommit;
    private Utterance? _utterance;
    /// <summary>
    /// Until when (a timestamp of the clock) the assistant's voice may be playing at the client: speech must stand out
    /// further from it to count, so its echo does not interrupt it.
    /// </summary>
    private readonly Func<long> _assistantAudibleUntil;

    public VoiceListener(
        ISessionGrain session,
        int connection,
        string turnDetection,
        ISpeechRecognizer recognizer,
        VoiceActivityOptions activity,
        long maxUtteranceBytes,
        Func<long> assistantAudibleUntil,
        Func<ErrorEvent, Task> sendError,
        ILogger logger,
        TimeProvider clock)
    {
        _session = session;
        // Whom its utterances serve: the scope its connection creates it in (user and session).
        _costScope = CostScope.Current;
        _connection = connection;
        _serverVad = turnDetection == SessionStartCommand.ServerVad;
        _recognizer = recognizer;
        _detector = new VoiceActivityDetector(activity);
        _preRoll = new PreRoll(activity.PreRollMs * MicrophoneFormat.BytesPerMillisecond);
        _decodedPauseMs = activity.DecodedPauseMs;
        _heldPause = new HeldPause(Math.Max(0, activity.SilenceMs - activity.DecodedPauseMs + VoiceActivityDetector.FrameMs) * MicrophoneFormat.BytesPerMillisecond);
        _maxUtteranceBytes = maxUtteranceBytes;
        _assistantAudibleUntil = assistantAudibleUntil;
        _sendError = sendError;
        _logger = logger;
        _clock = clock;
        _reporting = ReportAsync();
    }

    /// <summary>Where the microphone stream is, in milliseconds since the connection's first audio.</summary>
    public long PositionMs => _streamBytes / MicrophoneFormat.BytesPerMillisecond;

    /// <summary>More microphone audio; an error when it cannot be taken (the session goes on either way).</summary>
    public ErrorEvent? Hear(ReadOnlySpan<byte> audio)
    {
        if (audio.Length % MicrophoneFormat.BytesPerSample != 0)
        {
            return new ErrorEvent(ErrorCodes.BadRequest, "microphone audio must be whole 16-bit samples (PCM16 LE, 16 kHz, mono): this frame has an odd number of bytes, and was dropped", false);
        }

        _audioSinceCommit |= audio.Length > 0;
        ErrorEvent? error = null;
        while (!audio.IsEmpty)
        {
            var take = Math.Min(audio.Length, _frame.Length - _frameFill);
            audio[..take].CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            audio = audio[take..];
            if (_frameFill == _frame.Length)
            {
                _frameFill = 0;
                error ??= OnFrame(_frame);
            }
        }

        return error;
    }

    /// <summary><c>input_audio.commit</c>: what was said since the last commit is one utterance, ended now.</summary>
    public ErrorEvent? Commit()
    {
        if (!_audioSinceCommit)
        {
            return new ErrorEvent(ErrorCodes.BadRequest, "no microphone audio was sent since the last commit", false);
        }

        _audioSinceCommit = false;
        if (_frameFill > 0)
        {
            if (_detector.InSpeech && _utterance is { } open && _detector.QuietMs <= _decodedPauseMs)
            {
                open.Recognition.Write(_frame.AsSpan(0, _frameFill));
            }

            _streamBytes += _frameFill;
            _frameFill = 0;
        }

        // A pause at the end of what was said is not part of it.
        _heldPause.Clear();
        if (_detector.InSpeech)
        {
            _detector.EndSpeech();
            var at = PositionMs;
            Report(() => _session.SpeechStoppedAsync(_connection, at));
        }

        if (_utterance is null)
        {
            // Nothing was heard as speech: the session says it did not catch that.
            Report(() => _session.TranscriptAsync(_connection, "", true));
        }
        else
        {
            Finish();
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _reports.Writer.TryComplete();
        await _stop.CancelAsync();
        await _reporting;
        _heldPause.Dispose();
        if (_utterance is { } open)
        {
            await open.Recognition.DisposeAsync();
        }

        _stop.Dispose();
    }

    private ErrorEvent? OnFrame(byte[] frame)
    {
        _detector.AssistantAudible = _clock.GetTimestamp() < _assistantAudibleUntil();
        var change = _detector.Process(frame);
        _streamBytes += frame.Length;
        if (change.Kind == VoiceChangeKind.Started)
        {
            Report(() => _session.SpeechStartedAsync(_connection, change.AudioMs));
            // With manual turns an utterance may hold several stretches of speech, until the commit.
            _utterance ??= Begin();
            _preRoll.CopyTo(_utterance.Recognition);
        }

        // Only speech reaches the recogniser: long silences would pull its running normalisation towards the room's
        // noise, and it would then mishear the next words. Of a pause, the first moments go at once (a word's end fades
        // into them); the rest waits until speech resumes, so the silence that ends an utterance costs no decoding.
        ErrorEvent? error = null;
        if (_utterance is { } utterance && _detector.InSpeech)
        {
            utterance.Bytes += frame.Length;
            if (utterance.Bytes > _maxUtteranceBytes)
            {
                _utterance = null;
                _heldPause.Clear();
                _ = utterance.Recognition.DisposeAsync().AsTask();
                error = new ErrorEvent(ErrorCodes.MessageTooLarge, $"an utterance may last {_maxUtteranceBytes / MicrophoneFormat.BytesPerMillisecond / 1000.0:0.#} seconds at most; this one was dropped", false);
            }
            else if (_detector.QuietMs > _decodedPauseMs)
            {
                _heldPause.Add(frame);
            }
            else
            {
                _heldPause.WriteTo(utterance.Recognition);
                utterance.Recognition.Write(frame);
            }
        }
        else if (change.Kind == VoiceChangeKind.Stopped)
        {
            _heldPause.Clear();
        }

        _preRoll.Add(frame);
        if (change.Kind == VoiceChangeKind.Stopped)
        {
            Report(() => _session.SpeechStoppedAsync(_connection, change.AudioMs));
            if (_serverVad && _utterance is not null)
            {
                Finish();
            }
        }

        return error;
    }

    private Utterance Begin()
    {
        Utterance? utterance = null;
        // The recogniser records its cost under the scope it is begun in.
        using (CostScope.Enter(_costScope))
        {
            utterance = new Utterance(_recognizer.Begin(partial => OnPartial(utterance!, partial), _speaker));
        }

        return utterance;
    }

    /// <summary>
    /// A partial transcript goes to the session in its turn unless something newer of the same utterance is already on
    /// the way: when the session is slow to take reports, or the recogniser catches up on a backlog, a run of partials
    /// would otherwise hold back the final transcript behind words nobody needs any more.
    /// </summary>
    private void OnPartial(Utterance utterance, string text)
    {
        lock (_utteranceLock)
        {
            if (utterance.Finished)
            {
                return;
            }

            var number = ++utterance.Partials;
            Report(() => IsLatestPartial(utterance, number) ? _session.TranscriptAsync(_connection, text, false) : Task.FromResult<ErrorEvent?>(null));
        }
    }

    private bool IsLatestPartial(Utterance utterance, int number)
    {
        lock (_utteranceLock)
        {
            return !utterance.Finished && utterance.Partials == number;
        }
    }

    /// <summary>Ends the open utterance: its final transcript is reported once recognised, in its place among the reports.</summary>
    private void Finish()
    {
        var utterance = _utterance!;
        _utterance = null;
        Task<Transcript> recognised;
        lock (_utteranceLock)
        {
            utterance.Finished = true;
            // Started now, not when the report's turn comes: the recogniser finishes while earlier reports are delivered.
            recognised = utterance.Recognition.FinishAsync(_stop.Token);
        }

        Report(async () =>
        {
            try
            {
                var transcript = await recognised;
                var error = await _session.TranscriptAsync(_connection, transcript.Text, true);
                if (error is not null)
                {
                    await _sendError(error);
                }
            }
            catch (RecognitionUnavailableException failure)
            {
                _logger.LogWarning(failure, "No recogniser could hear an utterance");
                await _sendError(new ErrorEvent(ErrorCodes.ProviderUnavailable, "speech recognition is unavailable right now; say it again, or type it", false));
            }
            finally
            {
                await utterance.Recognition.DisposeAsync();
            }
        });
    }

    private void Report(Func<Task<ErrorEvent?>> call) =>
        Report(async () =>
        {
            if (await call() is { } error)
            {
                await _sendError(error);
            }
        });

    private void Report(Func<Task> report) => _reports.Writer.TryWrite(report);

    /// <summary>Delivers the reports one at a time, in the order things happened.</summary>
    private async Task ReportAsync()
    {
        try
        {
            await foreach (var report in _reports.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    await report();
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    _logger.LogWarning(failure, "A voice report to the session failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Utterance(IUtteranceRecognition recognition)
    {
        public IUtteranceRecognition Recognition { get; } = recognition;

        public long Bytes { get; set; }

        /// <summary>Under the listener's utterance lock: ended, and how many partial transcripts it has had.</summary>
        public bool Finished { get; set; }

        public int Partials { get; set; }
    }
}
