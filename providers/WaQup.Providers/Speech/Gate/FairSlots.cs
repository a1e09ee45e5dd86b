namespace WaQup.Providers.Speech.Gate;

/// <summary>
/// A bounded number of slots, and the requests waiting for one in a line per requester. A freed slot passes straight
/// to the oldest request of the requester at the front of the ring, which then goes to the back: round robin across
/// requesters, first come first served within one. Thread-safe.
/// </summary>
internal sealed class FairSlots
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RequesterLine> _lines = new(StringComparer.Ordinal);
    private readonly LinkedList<RequesterLine> _ring = new();
    private readonly SpeechGateOptions _options;
    private int _inFlight;
    private int _waiting;

    public FairSlots(SpeechGateOptions options)
    {
        _options = options;
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Completes when a slot is the caller's; the caller then owes exactly one <see cref="Release"/>.</summary>
    /// <exception cref="SpeechBusyException">No slot is free and the requester's line, or all lines together, are full.</exception>
    public ValueTask AcquireAsync(string requester, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SlotWaiter waiter;
        lock (_gate)
        {
            // Free slots and waiting requests never coexist: a freed slot goes to a waiting request before anyone else.
            if (_inFlight < _options.MaxConcurrent)
            {
                _inFlight++;
                return ValueTask.CompletedTask;
            }

            _lines.TryGetValue(requester, out var line);
            if ((line?.Waiters.Count ?? 0) >= _options.MaxWaitingPerRequester)
            {
                return ValueTask.FromException(new SpeechBusyException(
                    SpeechBusyReason.RequesterQueueFull,
                    $"Speech is busy: this requester already has {_options.MaxWaitingPerRequester} requests waiting."));
            }

            if (_waiting >= _options.MaxWaiting)
            {
                return ValueTask.FromException(new SpeechBusyException(
                    SpeechBusyReason.SiloQueueFull,
                    $"Speech is busy: {_options.MaxWaiting} requests are waiting on this silo."));
            }

            if (line is null)
            {
                line = new RequesterLine(requester);
                _lines.Add(requester, line);
                _ring.AddLast(line.RingNode);
            }

            waiter = new SlotWaiter(this, line);
            line.Waiters.AddLast(waiter.Node);
            _waiting++;
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>Gives a slot back: to the next waiting request in turn, or to the pool when none waits.</summary>
    public void Release()
    {
        SlotWaiter next;
        lock (_gate)
        {
            if (_ring.First is not { } front)
            {
                _inFlight--;
                return;
            }

            var line = front.Value;
            next = line.Waiters.First!.Value;
            line.Waiters.RemoveFirst();
            _waiting--;
            _ring.RemoveFirst();
            if (line.Waiters.Count == 0)
            {
                _lines.Remove(line.Requester);
            }
            else
            {
                _ring.AddLast(front);
            }
        }

        // The slot changes hands: in flight stays the same.
        next.TrySetResult();
    }

    private static async ValueTask WaitAsync(SlotWaiter waiter, CancellationToken cancellationToken)
    {
        // Disposed on either outcome, so a long-lived token (a whole response's) keeps no callback per sentence.
        using (cancellationToken.UnsafeRegister(static (state, token) => GiveUp((SlotWaiter)state!, token), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    private static void GiveUp(SlotWaiter waiter, CancellationToken cancellationToken)
    {
        var slots = waiter.Owner;
        lock (slots._gate)
        {
            if (waiter.Node.List is null)
            {
                // The slot was handed over first; the caller holds it and releases it as usual.
                return;
            }

            var line = waiter.Line;
            line.Waiters.Remove(waiter.Node);
            slots._waiting--;
            if (line.Waiters.Count == 0)
            {
                slots._ring.Remove(line.RingNode);
                slots._lines.Remove(line.Requester);
            }
        }

        waiter.TrySetCanceled(cancellationToken);
    }
}
