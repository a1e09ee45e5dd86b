using System.Runtime.CompilerServices;
using System.Threading.Channels;
using WaQup.Providers.Speech;

namespace WaQup.Tests.Speech;

/// <summary>A synthesiser whose every synthesis the test drives by hand, counting how many run at once.</summary>
internal sealed class ControlledSpeech : ISpeechSynthesizer
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<ControlledSynthesis> _started = Channel.CreateUnbounded<ControlledSynthesis>();
    private int _running;
    private int _mostRunning;

    /// <summary>Syntheses started and not yet ended.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>The most that ever ran at once.</summary>
    public int MostRunning => Volatile.Read(ref _mostRunning);

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var synthesis = new ControlledSynthesis(text) { StartedOn = TaskScheduler.Current };
        var running = Interlocked.Increment(ref _running);
        int most;
        while (running > (most = Volatile.Read(ref _mostRunning)) && Interlocked.CompareExchange(ref _mostRunning, running, most) != most)
        {
        }

        _started.Writer.TryWrite(synthesis);
        try
        {
            await foreach (var chunk in synthesis.PlayAsync(cancellationToken))
            {
                yield return chunk;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>Ends every synthesis as it starts, the n-th (from 0) as <paramref name="end"/> says, until cancelled.</summary>
    public async Task EndEachAsync(Action<ControlledSynthesis, int> end, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            await foreach (var synthesis in _started.Reader.ReadAllAsync(cancellationToken))
            {
                end(synthesis, count++);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The next synthesis to start, in the order they started; fails the test if none starts in time.</summary>
    public async Task<ControlledSynthesis> NextStartedAsync(string because)
    {
        try
        {
            return await _started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No synthesis started within {Patience}: {because}");
            throw;
        }
    }
}
