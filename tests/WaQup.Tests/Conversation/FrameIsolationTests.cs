using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// Listeners on one silo share its frame pool: whatever goes wrong with a pooled frame's ownership shows up as one
/// listener hearing another's audio, or poison. Their speech is stamped, the pool poisons what comes back, and every
/// frame heard is checked against the response it is numbered under.
/// </summary>
public sealed class FrameIsolationTests(StampedServer stamped) : IClassFixture<StampedServer>
{
    private const int Listeners = 3;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Listeners_streaming_at_once_with_acks_cancels_and_resumes_never_hear_a_byte_of_another_response()
    {
        Mischief[] plan = [Mischief.AckBeyond, Mischief.Cancel, Mischief.Resume, Mischief.None, Mischief.Cancel, Mischief.Resume, Mischief.AckBeyond];
        var listeners = Enumerable.Range(0, Listeners).Select(_ => new StampedListener(stamped.Server, Users.New())).ToArray();
        try
        {
            await Task.WhenAll(listeners.Select(async (listener, n) =>
            {
                await listener.StartAsync();
                for (var ritual = 0; ritual < plan.Length; ritual++)
                {
                    // Each listener makes its mischief at a different point of the plan, so they overlap differently.
                    await listener.RitualAsync(tag: n * 100 + ritual, plan[(ritual + n) % plan.Length]);
                }

                await listener.EndAsync();
            }));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
        }

        Assert.All(listeners, listener => Assert.True(listener.FramesChecked >= plan.Length * 20, $"only {listener.FramesChecked} frames were heard"));
        // The pool was used: frames went back and were rented again while the others streamed.
        Assert.True(stamped.Pool.Returns > Listeners * 100, $"only {stamped.Pool.Returns} frames went back to the pool");
        Assert.Equal(0, stamped.Pool.DoubleReturns);
    }
}
