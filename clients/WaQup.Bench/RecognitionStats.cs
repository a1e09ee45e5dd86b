using HdrHistogram;
using WaQup.Load;

namespace WaQup.Bench;

/// <summary>What one phase of the recognition benchmark heard: word errors by set and voice, latencies (HdrHistogram, µs), audio sent.</summary>
public sealed class RecognitionStats
{
    private readonly LongConcurrentHistogram _endOfSpeech = BenchStats.Histogram();
    private readonly LongConcurrentHistogram _serverStop = BenchStats.Histogram();
    private readonly LongConcurrentHistogram _stopEvent = BenchStats.Histogram();
    private readonly Lock _lock = new();
    private readonly Dictionary<(bool Free, string Voice), WordErrors> _errors = [];
    private readonly List<(SpokenTake Take, string Heard)> _misheard = [];
    private int _utterances;
    private int _splits;
    private double _audioSeconds;
    private double _speechSeconds;

    public int Utterances => _utterances;

    /// <summary>Utterances the server heard as more than one (a pause of 700 ms or more inside the words).</summary>
    public int Splits => _splits;

    public double AudioSeconds => _audioSeconds;

    public double SpeechSeconds => _speechSeconds;

    /// <summary>From the client's last frame with speech in it to the final transcript's arrival.</summary>
    public LatencyStats EndOfSpeechMs => LatencyStats.From(_endOfSpeech.Copy());

    /// <summary>From the client's frame where the server placed the end of speech to the final transcript's arrival.</summary>
    public LatencyStats ServerStopMs => LatencyStats.From(_serverStop.Copy());

    /// <summary>From <c>input_audio.speech_stopped</c>'s arrival (the turn detector's decision) to the final transcript's.</summary>
    public LatencyStats StopEventMs => LatencyStats.From(_stopEvent.Copy());

    public IReadOnlyList<(SpokenTake Take, string Heard)> Misheard
    {
        get
        {
            lock (_lock)
            {
                return [.. _misheard];
            }
        }
    }

    public WordErrors Errors(bool free, string? voice = null)
    {
        lock (_lock)
        {
            return _errors.Where(e => e.Key.Free == free && (voice is null || e.Key.Voice == voice)).Aggregate(default(WordErrors), (sum, e) => sum + e.Value);
        }
    }

    public void Sent(SpokenTake take)
    {
        lock (_lock)
        {
            _audioSeconds += take.AudioSeconds;
            _speechSeconds += take.SpeechSeconds;
        }
    }

    /// <summary>One utterance heard as <paramref name="heard"/>; <paramref name="parts"/> is how many utterances the server found in it.</summary>
    public void Heard(SpokenTake take, string heard, int parts)
    {
        var errors = WordErrorRate.Compare(take.Text, heard);
        lock (_lock)
        {
            _utterances++;
            _splits += parts > 1 ? 1 : 0;
            _errors[(take.Free, take.Voice)] = _errors.GetValueOrDefault((take.Free, take.Voice)) + errors;
            if (errors.Errors > 0)
            {
                _misheard.Add((take, heard));
            }
        }
    }

    public void EndOfSpeech(long from, long to) => BenchStats.RecordElapsed(_endOfSpeech, from, to);

    public void ServerStop(long from, long to) => BenchStats.RecordElapsed(_serverStop, from, to);

    public void StopEvent(long from, long to) => BenchStats.RecordElapsed(_stopEvent, from, to);
}
