using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using WaQup.Client;

namespace WaQup.Load;

/// <summary>Everything a run measures; safe to record from every session at once.</summary>
public sealed class LoadMetrics
{
    private const int MaxFailures = 50;
    private const int MaxMishearings = 20;
    private static readonly long HighestMicroseconds = TimeSpan.FromHours(1).Ticks / TimeSpan.TicksPerMicrosecond;

    private readonly LongConcurrentHistogram _turn = NewHistogram();
    // The timeline wants each second's latencies, not the run's so far; a recorder swaps histograms without losing values recorded meanwhile.
    private readonly Recorder _turnWindow = new(1, HighestMicroseconds, 3, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
    private readonly LongConcurrentHistogram _cancel = NewHistogram();
    private readonly LongConcurrentHistogram _connect = NewHistogram();
    private readonly LongConcurrentHistogram _speechEndToStopped = NewHistogram();
    private readonly LongConcurrentHistogram _stoppedToFinal = NewHistogram();
    private readonly LongConcurrentHistogram _speechEndToFinal = NewHistogram();
    private readonly LongConcurrentHistogram _speechEndToRitualAudio = NewHistogram();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<string> _mishearings = new();
    private readonly long[] _conversations = new long[Enum.GetValues<Scenario>().Length];
    private long _turns;
    private long _failed;
    private long _frames;
    private long _lateFrames;
    private long _rituals;
    private long _refused;
    private long _refusedWaitMs;
    private long _cancels;
    private long _resumes;
    private long _badInputs;
    private long _users;
    private long _sessionsStarted;
    private long _errorTotal;
    private int _active;
    private long _utterances;
    private long _transcriptsKnown;
    private long _transcriptsAsSaid;
    private long _wordErrors;
    private long _words;
    private long _emptyTranscripts;
    private long _extraTranscripts;
    private long _misheard;

    public long Turns => Interlocked.Read(ref _turns);

    public long FailedSessions => Interlocked.Read(ref _failed);

    public long ErrorTotal => Interlocked.Read(ref _errorTotal);

    public int ActiveSessions => Volatile.Read(ref _active);

    public long Frames => Interlocked.Read(ref _frames);

    public long LateFrames => Interlocked.Read(ref _lateFrames);

    public long Cancels => Interlocked.Read(ref _cancels);

    public long Resumes => Interlocked.Read(ref _resumes);

    public void Connected(long startTimestamp) => _connect.RecordValue(Microseconds(startTimestamp));

    public void TurnAnswered(long startTimestamp)
    {
        var microseconds = Microseconds(startTimestamp);
        _turn.RecordValue(microseconds);
        _turnWindow.RecordValue(microseconds);
        Interlocked.Increment(ref _turns);
    }

    /// <summary>A spoken request taken; the turn runs from the end of its speech to the ritual's first frame, apart from the typed turns.</summary>
    public void VoiceTurnAnswered(long speechEndTimestamp)
    {
        _speechEndToRitualAudio.RecordValue(Microseconds(speechEndTimestamp));
        Interlocked.Increment(ref _turns);
    }

    /// <summary>An utterance's final transcript arrived: timestamps of its last speech frame sent, speech_stopped and the transcript.</summary>
    public void Transcribed(long speechEnd, long stopped, long final, string? said, string heard)
    {
        _speechEndToStopped.RecordValue(Between(speechEnd, stopped));
        _stoppedToFinal.RecordValue(Between(stopped, final));
        _speechEndToFinal.RecordValue(Between(speechEnd, final));
        Interlocked.Increment(ref _utterances);
        if (TranscriptCheck.Words(heard).Length == 0)
        {
            Interlocked.Increment(ref _emptyTranscripts);
        }

        if (said is not null)
        {
            var errors = TranscriptCheck.WordErrors(said, heard);
            Interlocked.Increment(ref _transcriptsKnown);
            Interlocked.Add(ref _wordErrors, errors);
            Interlocked.Add(ref _words, TranscriptCheck.Words(said).Length);
            if (errors == 0)
            {
                Interlocked.Increment(ref _transcriptsAsSaid);
            }
            else if (_mishearings.Count < MaxMishearings)
            {
                _mishearings.Enqueue($"said \"{said}\", heard \"{heard}\"");
            }
        }
    }

    public void ExtraTranscript() => Interlocked.Increment(ref _extraTranscripts);

    public void Misheard() => Interlocked.Increment(ref _misheard);

    public long Utterances => Interlocked.Read(ref _utterances);

    public void Cancelled(long startTimestamp)
    {
        _cancel.RecordValue(Microseconds(startTimestamp));
        Interlocked.Increment(ref _cancels);
    }

    public void Frame(bool late)
    {
        Interlocked.Increment(ref _frames);
        if (late)
        {
            Interlocked.Increment(ref _lateFrames);
        }
    }

    public void RitualCreated() => Interlocked.Increment(ref _rituals);

    public long RitualsRefused => Interlocked.Read(ref _refused);

    /// <summary>A ritual request refused with <c>overloaded</c>: not an error, and asked again after the wait given.</summary>
    public void RitualRefused(int retryAfterMs)
    {
        Interlocked.Increment(ref _refused);
        Interlocked.Add(ref _refusedWaitMs, retryAfterMs);
    }

    public void Resumed() => Interlocked.Increment(ref _resumes);

    public void BadInputAnswered() => Interlocked.Increment(ref _badInputs);

    public void UserCreated() => Interlocked.Increment(ref _users);

    public void SessionStarted() => Interlocked.Increment(ref _sessionsStarted);

    public void ConversationDone(Scenario scenario) => Interlocked.Increment(ref _conversations[(int)scenario]);

    public void Active(int delta) => Interlocked.Add(ref _active, delta);

    public void Error(string code)
    {
        _errors.AddOrUpdate(code, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _errorTotal);
    }

    public void SessionFailed(string reason)
    {
        if (Interlocked.Increment(ref _failed) <= MaxFailures)
        {
            _failures.Enqueue(reason);
        }
    }

    public LatencyStats TurnLatency() => LatencyStats.From(_turn.Copy());

    /// <summary>Turn latencies since the previous call; the timeline calls it once a second.</summary>
    public LatencyStats TakeTurnWindow() => LatencyStats.From(_turnWindow.GetIntervalHistogram());

    public LoadSummary Summarize(int sessions, TimeSpan elapsed, IReadOnlyList<TimelinePoint> timeline)
    {
        var frames = Frames;
        var turns = _turn.Copy();
        return new LoadSummary
        {
            Sessions = sessions,
            DurationS = Math.Round(elapsed.TotalSeconds, 3),
            Turns = Turns,
            Errors = new SortedDictionary<string, long>(_errors, StringComparer.Ordinal),
            FailedSessions = FailedSessions,
            TurnLatencyMs = LatencyStats.From(turns),
            TurnLatencyHistogram = LatencyStats.Buckets(turns),
            CancelLatencyMs = LatencyStats.From(_cancel.Copy()),
            ConnectMs = LatencyStats.From(_connect.Copy()),
            LateFrameRatio = frames == 0 ? 0 : Math.Round((double)LateFrames / frames, 6),
            Frames = frames,
            LateFrames = LateFrames,
            RitualsCreated = Interlocked.Read(ref _rituals),
            RitualsPerMinute = elapsed.TotalMinutes > 0 ? Math.Round(Interlocked.Read(ref _rituals) / elapsed.TotalMinutes, 1) : 0,
            RitualsRefused = RitualsRefused,
            RefusedShare = RefusedShare(),
            RefusedRetryAfterMeanMs = RitualsRefused == 0 ? 0 : Math.Round((double)Interlocked.Read(ref _refusedWaitMs) / RitualsRefused),
            Cancels = Cancels,
            Resumes = Resumes,
            BadInputs = Interlocked.Read(ref _badInputs),
            UsersCreated = Interlocked.Read(ref _users),
            SessionsStarted = Interlocked.Read(ref _sessionsStarted),
            Conversations = Enum.GetValues<Scenario>().ToDictionary(s => s.ToString(), s => Interlocked.Read(ref _conversations[(int)s])),
            Voice = VoiceSummary(),
            Failures = [.. _failures],
            Timeline = timeline,
        };
    }

    private VoiceSummary VoiceSummary()
    {
        var words = Interlocked.Read(ref _words);
        var wordErrors = Interlocked.Read(ref _wordErrors);
        return new VoiceSummary
        {
            Utterances = Utterances,
            SpeechEndToStoppedMs = LatencyStats.From(_speechEndToStopped.Copy()),
            StoppedToFinalMs = LatencyStats.From(_stoppedToFinal.Copy()),
            SpeechEndToFinalMs = LatencyStats.From(_speechEndToFinal.Copy()),
            SpeechEndToRitualAudioMs = LatencyStats.From(_speechEndToRitualAudio.Copy()),
            TranscriptsKnown = Interlocked.Read(ref _transcriptsKnown),
            TranscriptsAsSaid = Interlocked.Read(ref _transcriptsAsSaid),
            WordErrors = wordErrors,
            Words = words,
            WordErrorRate = words == 0 ? 0 : Math.Round((double)wordErrors / words, 4),
            EmptyTranscripts = Interlocked.Read(ref _emptyTranscripts),
            ExtraTranscripts = Interlocked.Read(ref _extraTranscripts),
            Misheard = Interlocked.Read(ref _misheard),
            Mishearings = [.. _mishearings],
        };
    }

    /// <summary>Refusals among every ritual request answered (refused, or taken and started).</summary>
    private double RefusedShare()
    {
        var refused = RitualsRefused;
        var taken = Turns;
        return refused + taken == 0 ? 0 : Math.Round((double)refused / (refused + taken), 4);
    }

    private static LongConcurrentHistogram NewHistogram() => new(1, HighestMicroseconds, 3);

    private static long Between(long from, long to) =>
        Math.Clamp((long)Stopwatch.GetElapsedTime(from, to).TotalMicroseconds, 1, HighestMicroseconds);

    private static long Microseconds(long startTimestamp) =>
        Math.Clamp((long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds, 1, HighestMicroseconds);
}
