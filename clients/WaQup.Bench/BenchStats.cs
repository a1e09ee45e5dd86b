using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using WaQup.Load;

namespace WaQup.Bench;

/// <summary>What one benchmark's sessions measured: latencies as HdrHistogram (microseconds), frames, errors.</summary>
public sealed class BenchStats
{
    private const long MaxMicroseconds = 10L * 60 * 1_000_000;

    private readonly LongConcurrentHistogram _connect = Histogram();
    private readonly LongConcurrentHistogram _turn = Histogram();
    private readonly LongConcurrentHistogram _cancel = Histogram();
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private long _frames;
    private long _late;
    private long _failed;
    private volatile bool _recording = true;

    /// <summary>When false, nothing is recorded: used to leave out warm-up and wind-down.</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    public long Frames => Interlocked.Read(ref _frames);

    public long LateFrames => Interlocked.Read(ref _late);

    public long FailedSessions => Interlocked.Read(ref _failed);

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public IEnumerable<string> Failures => _failures.Take(5);

    public double LateRatio => Frames == 0 ? 0 : (double)LateFrames / Frames;

    public LatencyStats ConnectMs => LatencyStats.From(_connect.Copy());

    public LatencyStats TurnMs => LatencyStats.From(_turn.Copy());

    public LatencyStats CancelMs => LatencyStats.From(_cancel.Copy());

    public void Connected(long startedTicks) => Record(_connect, startedTicks, Stopwatch.GetTimestamp());

    public void Turn(long startedTicks, long arrivedTicks) => Record(_turn, startedTicks, arrivedTicks);

    public void Cancel(long startedTicks, long arrivedTicks) => Record(_cancel, startedTicks, arrivedTicks);

    public void Frame(bool late)
    {
        if (!_recording)
        {
            return;
        }

        Interlocked.Increment(ref _frames);
        if (late)
        {
            Interlocked.Increment(ref _late);
        }
    }

    public void Error(string code)
    {
        if (_recording)
        {
            _errors.AddOrUpdate(code, 1, (_, n) => n + 1);
        }
    }

    public void Failed(string reason)
    {
        if (!_recording)
        {
            return;
        }

        Interlocked.Increment(ref _failed);
        if (_failures.Count < 20)
        {
            _failures.Enqueue(reason);
        }
    }

    public string ErrorSummary() =>
        _errors.IsEmpty && FailedSessions == 0
            ? "none"
            : string.Join(", ", _errors.OrderBy(e => e.Key).Select(e => $"{e.Key}: {e.Value}").Append($"failed sessions: {FailedSessions}"));

    /// <summary>A histogram of latencies in microseconds, up to ten minutes, to three significant digits.</summary>
    public static LongConcurrentHistogram Histogram() => new(1, MaxMicroseconds, 3);

    /// <summary>Records the time from <paramref name="from"/> to <paramref name="to"/> (<see cref="Stopwatch"/> ticks).</summary>
    public static void RecordElapsed(LongConcurrentHistogram histogram, long from, long to) =>
        histogram.RecordValue(Math.Clamp((long)Stopwatch.GetElapsedTime(from, to).TotalMicroseconds, 1, MaxMicroseconds));

    private void Record(LongConcurrentHistogram histogram, long from, long to)
    {
        if (_recording)
        {
            RecordElapsed(histogram, from, to);
        }
    }
}
