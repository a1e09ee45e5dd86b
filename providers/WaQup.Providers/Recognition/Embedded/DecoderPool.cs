namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// PocketSphinx decoders, shared by urgency: a free decoder goes first to an utterance whose speech has ended (someone
/// is waiting for its transcript, and its buffered audio decodes in a fraction of its length), then to one still being
/// spoken (which holds it in real time). Decoders are loaded on demand, up to the capacity, one at a time.
/// </summary>
internal sealed class DecoderPool(int capacity, Func<Task<PocketSphinxDecoder>> load) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<PocketSphinxDecoder> _idle = new();
    private readonly LinkedList<DecoderRequest> _ended = new();
    private readonly LinkedList<DecoderRequest> _speaking = new();
    private int _loaded;
    private bool _disposed;

    /// <summary>Asks for a decoder; the request may be made urgent later, or withdrawn.</summary>
    public DecoderRequest Rent()
    {
        var request = new DecoderRequest(this);
        var loadOne = false;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var idle))
            {
                request.Grant(idle);
                return request;
            }

            if (_loaded < capacity)
            {
                _loaded++;
                loadOne = true;
            }
            else
            {
                request.Node = _speaking.AddLast(request);
            }
        }

        if (loadOne)
        {
            _ = LoadForAsync(request);
        }

        return request;
    }

    /// <summary>Loads decoders until there are <paramref name="count"/> (at most the capacity), idle for whoever comes.</summary>
    public async Task PreloadAsync(int count, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                if (_disposed || _loaded >= Math.Min(count, capacity))
                {
                    return;
                }

                _loaded++;
            }

            PocketSphinxDecoder decoder;
            try
            {
                decoder = await load();
            }
            catch
            {
                lock (_lock)
                {
                    _loaded--;
                }

                throw;
            }

            Return(decoder);
        }
    }

    /// <summary>A decoder is free: to the most urgent waiter, else idle.</summary>
    public void Return(PocketSphinxDecoder decoder)
    {
        lock (_lock)
        {
            while (Next() is { } waiter)
            {
                if (waiter.Grant(decoder))
                {
                    return;
                }
            }

            if (_disposed)
            {
                _loaded--;
                decoder.Dispose();
                return;
            }

            _idle.Push(decoder);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryPop(out var decoder))
            {
                _loaded--;
                decoder.Dispose();
            }
        }
    }

    internal void MakeUrgent(DecoderRequest request)
    {
        lock (_lock)
        {
            if (request.Node?.List == _speaking)
            {
                _speaking.Remove(request.Node);
                request.Node = _ended.AddLast(request);
            }
        }
    }

    internal void Withdraw(DecoderRequest request)
    {
        lock (_lock)
        {
            if (request.Node?.List is { } queue)
            {
                queue.Remove(request.Node);
                request.Node = null;
            }
        }

        // Granted meanwhile, to nobody who will use it: it goes back.
        if (request.Abandon() is { } granted)
        {
            Return(granted);
        }
    }

    private DecoderRequest? Next()
    {
        var queue = _ended.Count > 0 ? _ended : _speaking.Count > 0 ? _speaking : null;
        if (queue is null)
        {
            return null;
        }

        var node = queue.First!;
        queue.RemoveFirst();
        node.Value.Node = null;
        return node.Value;
    }

    private async Task LoadForAsync(DecoderRequest request)
    {
        try
        {
            // Loaded for this request: it is not in a queue, so it is given the decoder directly.
            var decoder = await load();
            if (!request.Grant(decoder))
            {
                Return(decoder);
            }
        }
        catch (Exception failure)
        {
            lock (_lock)
            {
                _loaded--;
            }

            request.Fail(failure);
        }
    }
}

/// <summary>One utterance's wait for a decoder.</summary>
internal sealed class DecoderRequest(DecoderPool pool)
{
    private readonly TaskCompletionSource<PocketSphinxDecoder> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<PocketSphinxDecoder> Decoder => _granted.Task;

    internal LinkedListNode<DecoderRequest>? Node { get; set; }

    /// <summary>The utterance's speech has ended: it goes before those still being spoken.</summary>
    public void Urgent() => pool.MakeUrgent(this);

    /// <summary>The utterance no longer wants a decoder (it was abandoned); one granted meanwhile goes back to the pool.</summary>
    public void Withdraw() => pool.Withdraw(this);

    internal bool Grant(PocketSphinxDecoder decoder) => _granted.TrySetResult(decoder);

    /// <summary>Cancels the wait; returns the decoder when it had been granted first.</summary>
    internal PocketSphinxDecoder? Abandon() =>
        _granted.TrySetCanceled() ? null : _granted.Task.IsCompletedSuccessfully ? _granted.Task.Result : null;

    internal void Fail(Exception failure) => _granted.TrySetException(failure);
}
