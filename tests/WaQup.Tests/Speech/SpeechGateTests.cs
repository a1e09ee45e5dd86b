using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Gate;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Speech;

public sealed class SpeechGateTests
{
    private static readonly TimeSpan Patience = ControlledSpeech.Patience;

    private readonly ControlledSpeech _speech = new();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Never_more_than_MaxConcurrent_syntheses_run_at_once()
    {
        var gate = Gate(maxConcurrent: 2);
        var listeners = Enumerable.Range(0, 6).Select(i => ListenAsync(gate, $"user-{i}", $"sentence {i}")).ToList();

        Assert.Equal(2, gate.InFlight);
        Assert.Equal(4, gate.Waiting);
        // The two with a slot both start (on the thread pool, so waited for) before either is let finish: the bound
        // is reached, not merely respected because the machine was slow to start the second.
        var running = new Queue<ControlledSynthesis>();
        for (var i = 0; i < 2; i++)
        {
            running.Enqueue(await _speech.NextStartedAsync($"sentence {i} should have a slot from the start"));
        }

        Assert.Equal(2, _speech.Running);
        for (var i = 0; i < 6; i++)
        {
            var synthesis = running.Dequeue();
            synthesis.Say((byte)i);
            synthesis.Finish();
            if (i + 2 < 6)
            {
                running.Enqueue(await _speech.NextStartedAsync($"sentence {i + 2} should get a slot when one frees"));
                Assert.True(_speech.Running <= 2, $"{_speech.Running} syntheses run at once.");
            }
        }

        foreach (var listener in listeners)
        {
            Assert.Single(await listener.WaitAsync(Patience));
        }

        Assert.Equal(2, _speech.MostRunning);
        Assert.Equal(0, gate.InFlight);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_requester_with_one_request_is_served_before_most_of_a_busy_requesters_queue()
    {
        var gate = Gate(maxConcurrent: 1);
        var listeners = new List<Task<List<byte[]>>> { ListenAsync(gate, "a", "a0") };
        for (var i = 1; i <= 20; i++)
        {
            listeners.Add(ListenAsync(gate, "a", $"a{i}"));
        }

        listeners.Add(ListenAsync(gate, "b", "b"));
        Assert.Equal(21, gate.Waiting);

        var order = await FinishInTurnAsync(22);

        Assert.True(order.IndexOf("b") <= 2, $"b was served after {order.IndexOf("b")} of a's requests: {string.Join(' ', order)}");
        await Task.WhenAll(listeners).WaitAsync(Patience);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task One_requesters_requests_are_served_in_the_order_they_came()
    {
        var gate = Gate(maxConcurrent: 1);
        var listeners = Enumerable.Range(0, 8).Select(i => ListenAsync(gate, "a", $"a{i}")).ToList();

        var order = await FinishInTurnAsync(8);

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"a{i}"), order);
        await Task.WhenAll(listeners).WaitAsync(Patience);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Requesters_take_turns_while_each_has_requests_waiting()
    {
        var gate = Gate(maxConcurrent: 1);
        var holder = ListenAsync(gate, "x", "x0");
        var listeners = new List<Task<List<byte[]>>> { holder };
        foreach (var user in new[] { "a", "b", "c" })
        {
            for (var i = 0; i < 3; i++)
            {
                listeners.Add(ListenAsync(gate, user, $"{user}{i}"));
            }
        }

        var order = await FinishInTurnAsync(10);

        Assert.Equal(new[] { "x0", "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2" }, order);
        await Task.WhenAll(listeners).WaitAsync(Patience);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancelling_a_waiting_request_takes_it_out_of_the_queue_at_once_and_leaks_no_slot()
    {
        var gate = Gate(maxConcurrent: 1, maxWaitingPerRequester: 1);
        var holder = ListenAsync(gate, "a", "a0");
        using var giveUp = new CancellationTokenSource();
        var cancelled = ListenAsync(gate, "b", "b-cancelled", giveUp.Token);
        var other = ListenAsync(gate, "c", "c0");
        Assert.Equal(2, gate.Waiting);

        await giveUp.CancelAsync();

        Assert.Equal(1, gate.Waiting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        // Its place is free: the same requester may queue again within its bound of one.
        var again = ListenAsync(gate, "b", "b-again");
        Assert.Equal(2, gate.Waiting);

        var order = await FinishInTurnAsync(3);

        Assert.Equal(new[] { "a0", "c0", "b-again" }, order);
        await Task.WhenAll(holder, other, again).WaitAsync(Patience);
        Assert.Equal(0, gate.InFlight);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_first_chunk_is_passed_on_while_the_synthesis_is_still_running()
    {
        var gate = Gate(maxConcurrent: 1);
        var (chunks, synthesis) = await HearFirstChunkAsync(gate);
        await using var _ = chunks;

        Assert.False(synthesis.Ended.Task.IsCompleted);
        synthesis.Say(2);
        synthesis.Finish();
        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(new byte[] { 2 }, chunks.Current.ToArray());
        Assert.False(await chunks.MoveNextAsync().AsTask().WaitAsync(Patience));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_slow_listener_does_not_hold_a_slot_once_its_synthesis_has_finished()
    {
        var gate = Gate(maxConcurrent: 1);
        var (slow, synthesis) = await HearFirstChunkAsync(gate);
        await using var _ = slow;
        var waiting = ListenAsync(gate, "b", "b0");
        Assert.Equal(1, gate.Waiting);

        // The listener reads nothing more (a session pacing its audio) while its synthesis says the rest and ends.
        synthesis.Say(2);
        synthesis.Say(3);
        synthesis.Finish();

        var next = await _speech.NextStartedAsync("b0 should get the slot as soon as a0's synthesis ended, not when its listener has read it all");
        next.Finish();
        await waiting.WaitAsync(Patience);
        var rest = new List<byte>();
        while (await slow.MoveNextAsync().AsTask().WaitAsync(Patience))
        {
            rest.AddRange(slow.Current.ToArray());
        }

        Assert.Equal(new byte[] { 2, 3 }, rest);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_listener_who_cancels_hears_nothing_more_even_of_audio_already_made()
    {
        var gate = Gate(maxConcurrent: 1);
        using var giveUp = new CancellationTokenSource();
        await using var chunks = gate.SynthesizeAsync("a", "a0", "default", giveUp.Token).GetAsyncEnumerator();
        var first = chunks.MoveNextAsync().AsTask();
        var synthesis = await _speech.NextStartedAsync("a0 has a free slot");
        synthesis.Say(1);
        Assert.True(await first.WaitAsync(Patience));
        synthesis.Say(2);
        synthesis.Finish();
        await synthesis.Ended.Task.WaitAsync(Patience);

        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunks.MoveNextAsync().AsTask().WaitAsync(Patience));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Many_requesters_cancelling_and_failing_at_once_never_exceed_the_bound_and_leave_no_slot_taken()
    {
        // Races are found by chance: several rounds, each with its own order of cancels.
        for (var round = 0; round < 8; round++)
        {
            await RaceAsync(new ControlledSpeech(), seed: round);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_synthesis_runs_on_the_thread_pool_not_on_the_callers_scheduler()
    {
        var gate = Gate(maxConcurrent: 1);
        // A grain's scheduler runs one thing at a time, as this one does.
        var grainLike = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

        var listening = Task.Factory.StartNew(() => ListenAsync(gate, "a", "a0"), CancellationToken.None, TaskCreationOptions.None, grainLike).Unwrap();
        var synthesis = await _speech.NextStartedAsync("a0 has a free slot");
        synthesis.Finish();

        Assert.Same(TaskScheduler.Default, synthesis.StartedOn);
        await listening.WaitAsync(Patience);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_failing_synthesis_frees_its_slot_and_its_listener_gets_the_providers_own_exception()
    {
        var gate = Gate(maxConcurrent: 1);
        var failing = ChunksBeforeFailureAsync(gate.SynthesizeAsync("a", "a0", "default", CancellationToken.None));
        var waiting = ListenAsync(gate, "b", "b0");
        var synthesis = await _speech.NextStartedAsync("a0 has a free slot");
        var failure = new SpeechUnavailableException("espeak-ng exited with code 1");

        synthesis.Say(7);
        synthesis.Fail(failure);

        var (heard, thrown) = await failing.WaitAsync(Patience);
        Assert.Equal(new byte[] { 7 }, heard);
        Assert.Same(failure, thrown);
        (await _speech.NextStartedAsync("b0 should get the slot the failed synthesis gave back")).Finish();
        await waiting.WaitAsync(Patience);
        Assert.Equal(0, gate.InFlight);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_listener_who_stops_early_cancels_its_synthesis_and_frees_the_slot()
    {
        var gate = Gate(maxConcurrent: 1);
        var (chunks, synthesis) = await HearFirstChunkAsync(gate);
        var waiting = ListenAsync(gate, "b", "b0");

        await chunks.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.True(synthesis.Ended.Task.IsCompleted && synthesis.EndedCancelled, "The abandoned synthesis should have been cancelled by the time its listener left.");
        (await _speech.NextStartedAsync("b0 should get the slot the abandoned synthesis gave back")).Finish();
        await waiting.WaitAsync(Patience);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_requester_with_MaxWaitingPerRequester_requests_waiting_is_refused_as_busy()
    {
        var gate = Gate(maxConcurrent: 1, maxWaitingPerRequester: 2);
        var listeners = Enumerable.Range(0, 3).Select(i => ListenAsync(gate, "a", $"a{i}")).ToList();

        var refused = await Assert.ThrowsAsync<SpeechBusyException>(() => ListenAsync(gate, "a", "a3").WaitAsync(Patience));

        Assert.Equal(SpeechBusyReason.RequesterQueueFull, refused.Reason);
        var other = ListenAsync(gate, "b", "b0");
        Assert.Equal(3, gate.Waiting);
        await FinishInTurnAsync(4);
        await Task.WhenAll([.. listeners, other]).WaitAsync(Patience);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_request_beyond_MaxWaiting_on_the_silo_is_refused_as_busy()
    {
        var gate = Gate(maxConcurrent: 1, maxWaitingPerRequester: 5, maxWaiting: 3);
        var listeners = Enumerable.Range(0, 4).Select(i => ListenAsync(gate, $"user-{i}", $"sentence {i}")).ToList();

        var refused = await Assert.ThrowsAsync<SpeechBusyException>(() => ListenAsync(gate, "user-4", "sentence 4").WaitAsync(Patience));

        Assert.Equal(SpeechBusyReason.SiloQueueFull, refused.Reason);
        Assert.Equal(3, gate.Waiting);
        await FinishInTurnAsync(4);
        await Task.WhenAll(listeners).WaitAsync(Patience);
        Assert.Equal(0, gate.InFlight);
    }

    private SpeechGate Gate(int maxConcurrent, int maxWaitingPerRequester = 100, int maxWaiting = 1000) =>
        new(_speech, new SpeechGateOptions
        {
            MaxConcurrent = maxConcurrent,
            MaxWaitingPerRequester = maxWaitingPerRequester,
            MaxWaiting = maxWaiting,
        }, TimeProvider.System);

    /// <summary>Starts a0 for requester a, which must find a slot free, and hears its first chunk; nothing more is read.</summary>
    private async Task<(IAsyncEnumerator<ReadOnlyMemory<byte>> Chunks, ControlledSynthesis Synthesis)> HearFirstChunkAsync(SpeechGate gate)
    {
        var chunks = gate.SynthesizeAsync("a", "a0", "default", CancellationToken.None).GetAsyncEnumerator();
        var first = chunks.MoveNextAsync().AsTask();
        var synthesis = await _speech.NextStartedAsync("a0 has a free slot");
        synthesis.Say(1);
        Assert.True(await first.WaitAsync(Patience));
        Assert.Equal(new byte[] { 1 }, chunks.Current.ToArray());
        return (chunks, synthesis);
    }

    /// <summary>Lets each synthesis in turn say one chunk and finish, and returns their texts in the order they started.</summary>
    private async Task<List<string>> FinishInTurnAsync(int count)
    {
        var order = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var synthesis = await _speech.NextStartedAsync($"after {string.Join(' ', order)}");
            order.Add(synthesis.Text);
            synthesis.Say((byte)i);
            synthesis.Finish();
        }

        return order;
    }

    /// <summary>
    /// Queues 400 requests of 20 requesters behind 3 slots, then ends the syntheses (a fifth of them failing) on one
    /// thread while a third of the requests give up on two others: every way out of the queue (handed a slot, cancelled
    /// waiting, cancelled as the slot came, cancelled speaking) races another.
    /// </summary>
    private static async Task RaceAsync(ControlledSpeech speech, int seed)
    {
        var gate = new SpeechGate(speech, new SpeechGateOptions { MaxConcurrent = 3, MaxWaitingPerRequester = 100, MaxWaiting = 1000 }, TimeProvider.System);
        var random = new Random(seed);
        var cancellations = Enumerable.Range(0, 400).Select(_ => new CancellationTokenSource()).ToList();
        var listeners = cancellations
            .Select((cancellation, i) => Task.Run(() => ListenAsync(gate, $"user-{i % 20}", $"sentence {i}", cancellation.Token)))
            .ToList<Task>();
        await Until.TrueAsync(() => gate.InFlight + gate.Waiting == 400, Patience, "every request should be in flight or waiting");

        using var stopEnding = new CancellationTokenSource();
        var ending = Task.Run(() => speech.EndEachAsync((synthesis, n) =>
        {
            synthesis.Say((byte)n);
            if (n % 5 == 4)
            {
                synthesis.Fail(new SpeechUnavailableException("espeak-ng exited with code 1"));
            }
            else
            {
                synthesis.Finish();
            }
        }, stopEnding.Token));
        var givingUp = cancellations.Where(_ => random.Next(3) == 0).ToList();
        await Parallel.ForEachAsync(givingUp, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (cancellation, _) => await cancellation.CancelAsync());

        await Task.WhenAll(listeners).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        await stopEnding.CancelAsync();
        await ending.WaitAsync(Patience);

        Assert.All(listeners, listener => Assert.True(
            listener.IsCompletedSuccessfully || listener.IsCanceled || listener.Exception?.InnerException is SpeechUnavailableException,
            $"Round {seed}: a listener ended {listener.Status}: {listener.Exception?.InnerException}"));
        // At most the bound; how close a round comes to it depends on how fast the machine starts each synthesis.
        Assert.InRange(speech.MostRunning, 1, 3);
        Assert.True(gate.InFlight == 0 && gate.Waiting == 0, $"Round {seed}: {gate.InFlight} slots still taken, {gate.Waiting} requests still waiting.");
        cancellations.ForEach(cancellation => cancellation.Dispose());
    }

    // Starts listening at once: the request is queued (or refused) before this returns, so tests order requests by calls.
    private static async Task<List<byte[]>> ListenAsync(ISpeechGate gate, string requester, string text, CancellationToken cancellationToken = default)
    {
        var chunks = new List<byte[]>();
        await foreach (var chunk in gate.SynthesizeAsync(requester, text, "default", cancellationToken))
        {
            chunks.Add(chunk.ToArray());
        }

        return chunks;
    }

    private static async Task<(List<byte> Heard, Exception? Thrown)> ChunksBeforeFailureAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> speech)
    {
        var heard = new List<byte>();
        try
        {
            await foreach (var chunk in speech)
            {
                heard.AddRange(chunk.ToArray());
            }
        }
        catch (Exception exception)
        {
            return (heard, exception);
        }

        return (heard, null);
    }
}
