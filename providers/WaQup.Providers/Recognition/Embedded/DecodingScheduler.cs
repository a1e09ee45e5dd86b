namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// Runs decoding on the thread pool, never more than a set number of pieces at once, and the work of an utterance whose
/// speech has ended before the work of those still being spoken: someone is waiting for its words, while a speaker's
/// decoding may fall a little behind and catch up later. Each utterance queues its work through its own
/// <see cref="Lane"/>, which knows whether it is urgent.
/// </summary>
internal sealed class DecodingScheduler(int maxConcurrency)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(Task Task, Lane Lane)> _urgent = new();
    private readonly LinkedList<(Task Task, Lane Lane)> _waiting = new();
    private int _running;

    public int MaxConcurrency { get; } = maxConcurrency;

    /// <summary>A lane for one utterance: its work starts behind the urgent and waits its turn until it is made urgent.</summary>
    public Lane NewLane() => new(this);

    private void Enqueue(Task task, Lane lane)
    {
        bool startWorker;
        lock (_lock)
        {
            (lane.IsUrgent ? _urgent : _waiting).AddLast((task, lane));
            startWorker = _running < MaxConcurrency;
            if (startWorker)
            {
                _running++;
            }
        }

        if (startWorker)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static scheduler => scheduler.Work(), this, preferLocal: false);
        }
    }

    /// <summary>The lane's speech has ended: its work already waiting moves ahead, in its order, and so does all that follows.</summary>
    private void Promote(Lane lane)
    {
        lock (_lock)
        {
            if (lane.IsUrgent)
            {
                return;
            }

            lane.IsUrgent = true;
            for (var node = _waiting.First; node is not null;)
            {
                var next = node.Next;
                if (ReferenceEquals(node.Value.Lane, lane))
                {
                    _waiting.Remove(node);
                    _urgent.AddLast(node);
                }

                node = next;
            }
        }
    }

    /// <summary>One of at most <see cref="MaxConcurrency"/> workers: takes work, most urgent first, until there is none.</summary>
    private void Work()
    {
        while (true)
        {
            (Task Task, Lane Lane) next;
            lock (_lock)
            {
                var queue = _urgent.Count > 0 ? _urgent : _waiting.Count > 0 ? _waiting : null;
                if (queue is null)
                {
                    _running--;
                    return;
                }

                next = queue.First!.Value;
                queue.RemoveFirst();
            }

            next.Lane.Execute(next.Task);
        }
    }

    private IEnumerable<Task> Queued(Lane lane)
    {
        lock (_lock)
        {
            return [.. _urgent.Concat(_waiting).Where(item => ReferenceEquals(item.Lane, lane)).Select(item => item.Task)];
        }
    }

    /// <summary>The task scheduler one utterance's decoding runs on: every await in it comes back through here.</summary>
    internal sealed class Lane(DecodingScheduler owner) : TaskScheduler
    {
        private volatile bool _urgent;

        /// <summary>Written under the owner's lock; read anywhere, as a hint, by the utterance's own decoding.</summary>
        public bool IsUrgent
        {
            get => _urgent;
            set => _urgent = value;
        }

        public override int MaximumConcurrencyLevel => owner.MaxConcurrency;

        public void MakeUrgent() => owner.Promote(this);

        internal void Execute(Task task) => TryExecuteTask(task);

        protected override void QueueTask(Task task) => owner.Enqueue(task, this);

        // Never inline: that would run decoding outside the limit.
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks() => owner.Queued(this);
    }
}
