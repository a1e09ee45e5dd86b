namespace WaQup.Providers.Speech.Cloud;

/// <summary>
/// The caller's token joined with a provider's two time limits: one from sending the request to the first audio byte,
/// then one for each later read, paused while the caller holds a chunk so a slow listener is not taken for a stall.
/// </summary>
internal sealed class StreamDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _firstByteTimeout;
    private readonly TimeSpan _stallTimeout;
    private bool _audioStarted;

    public StreamDeadline(TimeSpan firstByteTimeout, TimeSpan stallTimeout, CancellationToken caller)
    {
        Caller = caller;
        _firstByteTimeout = firstByteTimeout;
        _stallTimeout = stallTimeout;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _source.CancelAfter(firstByteTimeout);
    }

    public CancellationToken Caller { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>The time limit, not the caller, ended the wait.</summary>
    public bool Expired => _source.IsCancellationRequested && !Caller.IsCancellationRequested;

    /// <summary>The limit the current wait is under, for the failure message.</summary>
    public TimeSpan CurrentLimit => _audioStarted ? _stallTimeout : _firstByteTimeout;

    public void BeforeRead()
    {
        if (_audioStarted)
        {
            _source.CancelAfter(_stallTimeout);
        }
    }

    public void AfterRead(int bytes)
    {
        if (bytes > 0)
        {
            _audioStarted = true;
            _source.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _source.Dispose();
}
